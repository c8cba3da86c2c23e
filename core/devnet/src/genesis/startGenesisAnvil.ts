import { loadAndValidate } from '@citysync/schemas/node';

import { type AnvilInstance, startAnvil } from '../anvil.js';
import { anvilGenesisArgs } from './anvilGenesisArgs.js';

export type StartGenesisAnvilParameters = {
  /** The genesis.json `dpan chain genesis` wrote (checked against schemas/besu-genesis.schema.json). */
  genesisPath: string;
  /** Seconds between blocks, as the QBFT validators would seal them. Default: 1. */
  blockTime?: number | undefined;
  /** Loopback port. Default: a free one. */
  port?: number | undefined;
  /** How long to wait for the JSON-RPC endpoint. Default: 30 000 ms. */
  startTimeoutMs?: number | undefined;
};

/**
 * anvil as a rehearsal of a city's production chain: started from its genesis (chain id, predeploys, base fee 0 as
 * Besu's zeroBaseFee gives), mining a block every `blockTime` seconds like the validators, and with no dev accounts
 * (`--accounts 0`), so every signer is one the city made and none holds ether it was not given. anvil still answers
 * its anvil_/evm_ methods: put {@link startRpcFilterProxy} in front of it to refuse them as Besu would.
 *
 * @example
 * const anvil = await startGenesisAnvil({ genesisPath: 'oakland-chain/genesis.json' });
 * const filter = await startRpcFilterProxy({ target: anvil.rpcUrl });
 * // ... dpan --rpc filter.url ...
 * await filter.stop();
 * await anvil.stop();
 */
export async function startGenesisAnvil(parameters: StartGenesisAnvilParameters): Promise<AnvilInstance> {
  const genesis = loadAndValidate('besu-genesis', parameters.genesisPath);
  return await startAnvil({
    port: parameters.port,
    blockTime: parameters.blockTime ?? 1,
    accounts: 0,
    extraArgs: anvilGenesisArgs(parameters.genesisPath, genesis),
    startTimeoutMs: parameters.startTimeoutMs,
  });
}
