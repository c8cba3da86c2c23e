import type { Address } from 'viem';

/** Ports of node n (1-based): distinct per node, so a rehearsal can run every node on one machine. */
export function besuNodePorts(n: number): { p2p: number; rpc: number } {
  return { p2p: 30302 + n, rpc: 8544 + n };
}

export type BesuNodeConfigParameters = {
  /** 1-based node number. */
  n: number;
  validator: Address;
  chainId: number;
  cityName: string;
};

const toml = (value: string | number | boolean | readonly string[]): string =>
  Array.isArray(value) ? `[${value.map((item) => JSON.stringify(item)).join(', ')}]` : JSON.stringify(value);

/**
 * `node-<n>/config.toml`: a Besu validator node's options (`besu --config-file=config.toml`, run from node-<n>/, as
 * Besu resolves relative paths against its working directory). JSON-RPC listens on loopback only; the node key is
 * a file the operator puts there: dpan never sees a key.
 */
export function besuNodeConfig({ n, validator, chainId, cityName }: BesuNodeConfigParameters): string {
  const ports = besuNodePorts(n);
  const options: [string, string | number | boolean | readonly string[], string?][] = [
    ['data-path', 'data', 'chain data; keep it between restarts'],
    ['genesis-file', '../genesis.json'],
    [
      'node-private-key-file',
      'key',
      `the node key of validator ${validator}: put it here yourself (dpan never holds keys)`,
    ],
    ['p2p-host', '0.0.0.0'],
    ['p2p-port', ports.p2p],
    [
      'bootnodes',
      [],
      'enode URLs of the other validators, e.g. "enode://<public key>@<host>:30303" (see ../README.md)',
    ],
    ['rpc-http-enabled', true],
    ['rpc-http-host', '127.0.0.1', 'loopback only: put a proxy with access control in front to open it wider'],
    ['rpc-http-port', ports.rpc],
    ['rpc-http-api', ['ETH', 'NET', 'QBFT', 'WEB3']],
    ['host-allowlist', ['localhost', '127.0.0.1']],
    ['min-gas-price', 0, 'a zero gas price network: the genesis sets zeroBaseFee'],
    ['sync-mode', 'FULL'],
  ];
  return [
    `# Besu validator node ${n} of ${cityName}'s chain (chain id ${chainId}), validator ${validator}.`,
    '# Written by dpan chain genesis. Run from this directory: besu --config-file=config.toml',
    '',
    ...options.flatMap(([key, value, why]) => [...(why === undefined ? [] : [`# ${why}`]), `${key}=${toml(value)}`]),
    '',
  ].join('\n');
}
