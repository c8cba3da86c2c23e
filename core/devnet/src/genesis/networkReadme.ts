import type { Address } from 'viem';

import { besuNodePorts } from './besuNodeConfig.js';
import { type PredeployName, predeployContracts } from './predeploys.js';

export type NetworkReadmeParameters = {
  cityName: string;
  chainId: number;
  validators: readonly Address[];
  blockPeriodSeconds: number;
  /** Empty when the genesis has no predeploys. */
  predeploys: Partial<Record<PredeployName, Address>>;
};

/** The README.md written beside genesis.json: how the institutions start the network and deploy the city on it. */
export function networkReadme({
  cityName,
  chainId,
  validators,
  blockPeriodSeconds,
  predeploys,
}: NetworkReadmeParameters): string {
  const first = besuNodePorts(1);
  const rpc = `http://127.0.0.1:${first.rpc}`;
  const rows = Object.entries(predeploys).map(
    ([name, address]) =>
      `| ${predeployContracts[name as PredeployName]} | \`${name === 'factory' ? name : `implementations.${name}`}\` | \`${address}\` |`,
  );
  const predeployText =
    rows.length === 0
      ? ['This genesis has no predeploys: `dpan city deploy` deploys the factory and implementations itself.']
      : [
          'Contracts in the genesis (runtime code and constructor storage in `alloc`, addresses in `predeploys.json`).',
          'They are the same on every City/Sync chain: deployed by a keyless account, nonce by nonce.',
          '',
          '| Contract | predeploys.json | Address |',
          '| --- | --- | --- |',
          ...rows,
        ];
  return `# ${cityName}'s production chain

Written by \`dpan chain genesis\`. A Hyperledger Besu QBFT network (proof of authority) run by the city's institutions:
chain id ${chainId}, a block every ${blockPeriodSeconds} s, zero gas price (\`zeroBaseFee\`), every fork up to Cancun from genesis.

| File | What |
| --- | --- |
| \`genesis.json\` | the genesis every node starts from; the validators are in \`extraData\` |
| \`predeploys.json\` | the addresses of the predeployed CityFactory and shared implementations |
${validators.map((v, i) => `| \`node-${i + 1}/config.toml\` | Besu options of validator ${i + 1}, \`${v}\` |`).join('\n')}

The same inputs always give the same genesis: each institution can run \`dpan chain genesis\` itself and compare
\`sha256sum genesis.json\` before starting.

## Start the network

Each institution runs one validator node. Nobody else holds its key: dpan never sees one.

1. Put the validator's node key (the private key of the address listed above, hex) in \`node-<n>/key\`.
   \`besu --node-private-key-file=key public-key export-address\` (run in \`node-<n>/\`) must print that address.
2. Start the first node: \`cd node-1 && besu --config-file=config.toml\`. Read its enode:
   \`curl -s -X POST -H 'content-type: application/json' --data '{"jsonrpc":"2.0","id":1,"method":"net_enode","params":[]}' ${rpc}\`
   and replace \`127.0.0.1\` in it with the host the others reach it at.
3. In every other node's \`config.toml\`, set \`bootnodes=["enode://...@host:${first.p2p}"]\` (or list every validator
   in \`data/static-nodes.json\`, a JSON array of enode URLs), then start it the same way. Ports differ per node
   (p2p ${first.p2p}, ${first.p2p + 1}, ...; JSON-RPC ${first.rpc}, ${first.rpc + 1}, ...) so a rehearsal fits on one machine.
4. Blocks come once more than 2/3 of the validators are up. Check: \`qbft_getValidatorsByBlockNumber\` with \`["latest"]\`
   and \`eth_blockNumber\` on any node. With ${validators.length} validator${validators.length === 1 ? '' : 's'}, the network ${
     validators.length >= 4
       ? `tolerates ${Math.floor((validators.length - 1) / 3)} faulty node${Math.floor((validators.length - 1) / 3) === 1 ? '' : 's'}`
       : 'tolerates no faulty node: use 4 or more in production'
   }.

JSON-RPC listens on 127.0.0.1 only. Open it to the city's tools through a proxy with access control, never directly.

## Add or remove a validator

Validators vote in blocks. On more than half of the current validators' nodes, call
\`qbft_proposeValidatorVote\` with \`["<address>", true]\` to add (\`false\` to remove); \`qbft_getPendingVotes\` shows
the votes, \`qbft_discardValidatorVote\` withdraws one. The change takes effect once a majority has proposed it; a new
validator starts its node (genesis.json, a config.toml like the others, its own key) before it is voted in.

## Deploy the city

city.json's \`chain\` must say \`{ "chainId": ${chainId} }\` (or be left out). Then, with a deployer key (any account: gas
is free):

\`\`\`sh
dpan city deploy --city <city dir> --rpc ${rpc} --private-key 0x... --predeploys predeploys.json
\`\`\`

\`--predeploys\` reuses the factory and implementations below instead of deploying them again. Every other command
works against the chain the same way, with \`--rpc\` (and \`--private-key\` to sign): \`dpan org accredit\`,
\`dpan task ...\`, \`dpan health --rpc ${rpc}\`, and so on.

## Predeploys

${predeployText.join('\n')}
`;
}
