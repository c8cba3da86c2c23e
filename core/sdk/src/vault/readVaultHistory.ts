import type { Address, Hash } from 'viem';
import { getBlock, getBlockNumber, getContractEvents } from 'viem/actions';

import { CityVaultAbi, YieldSplitterAbi } from '@citysync/contracts';
import type { CityVaultContracts } from '../types/city.js';
import type { CityReadClient } from '../types/client.js';

/** Where an event sits in the chain's history, and when. */
export type VaultEventPosition = { blockNumber: bigint; logIndex: number; transactionHash: Hash; /** Unix seconds. */ timestamp: bigint };

export type VaultDonationEvent = VaultEventPosition & {
  donor: Address;
  receiver: Address;
  assets: bigint;
  shares: bigint;
  principalAfter: bigint;
  dedication: string;
};
export type VaultHarvestEvent = VaultEventPosition & { amount: bigint; totalShares: bigint; principal: bigint };
export type VaultPayoutEvent = VaultEventPosition & { line: bigint; recipient: Address; purpose: string; period: bigint; amount: bigint };

export type VaultHistory = {
  donations: VaultDonationEvent[];
  harvests: VaultHarvestEvent[];
  payouts: VaultPayoutEvent[];
  /** The last block read, and its time (Unix seconds). */
  toBlock: bigint;
  toBlockTimestamp: bigint;
};

export type ReadVaultHistoryParameters = {
  /** The city's deployment block (`deployment.blockNumber`): nothing happened before it. Default 0. */
  fromBlock?: bigint | undefined;
  /** Blocks per `eth_getLogs` request: providers cap a request's range. Default 10,000. */
  blockRange?: bigint | undefined;
};

/** Orders events as the chain ran them: by block, then by log index. */
export function compareEvents(a: VaultEventPosition, b: VaultEventPosition): number {
  return a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1;
}

/**
 * Every donation, harvest and payout of the vault, from events alone, in chain order and with block timestamps:
 * what donor statements are computed from. Reads in pages of `blockRange` blocks.
 */
export async function readVaultHistory(
  client: CityReadClient,
  vault: Pick<CityVaultContracts, 'vault' | 'splitter'>,
  parameters: ReadVaultHistoryParameters = {},
): Promise<VaultHistory> {
  const { fromBlock = 0n, blockRange = 10_000n } = parameters;
  const toBlock = await getBlockNumber(client, { cacheTime: 0 });
  const timestamps = new Map<bigint, Promise<bigint>>();
  const timestampOf = (blockNumber: bigint): Promise<bigint> => {
    let timestamp = timestamps.get(blockNumber);
    if (timestamp === undefined) {
      timestamp = getBlock(client, { blockNumber }).then((block) => block.timestamp);
      timestamps.set(blockNumber, timestamp);
    }
    return timestamp;
  };
  const history: VaultHistory = { donations: [], harvests: [], payouts: [], toBlock, toBlockTimestamp: await timestampOf(toBlock) };
  const position = async (log: { blockNumber: bigint; logIndex: number; transactionHash: Hash }): Promise<VaultEventPosition> => ({
    blockNumber: log.blockNumber,
    logIndex: log.logIndex,
    transactionHash: log.transactionHash,
    timestamp: await timestampOf(log.blockNumber),
  });

  for (let start = fromBlock; start <= toBlock; start += blockRange) {
    const end = start + blockRange - 1n < toBlock ? start + blockRange - 1n : toBlock;
    const range = { fromBlock: start, toBlock: end, strict: true } as const;
    const [donated, harvested, paid] = await Promise.all([
      getContractEvents(client, { address: vault.vault, abi: CityVaultAbi, eventName: 'Donated', ...range }),
      getContractEvents(client, { address: vault.vault, abi: CityVaultAbi, eventName: 'Harvested', ...range }),
      getContractEvents(client, { address: vault.splitter, abi: YieldSplitterAbi, eventName: 'Payout', ...range }),
    ]);
    for (const log of donated) {
      const { donor, receiver, assets, shares, principalAfter, dedication } = log.args;
      history.donations.push({ ...(await position(log)), donor, receiver, assets, shares, principalAfter, dedication });
    }
    for (const log of harvested) {
      const { amount, totalShares, principal } = log.args;
      history.harvests.push({ ...(await position(log)), amount, totalShares, principal });
    }
    for (const log of paid) {
      const { line, recipient, purpose, period, amount } = log.args;
      history.payouts.push({ ...(await position(log)), line, recipient, purpose, period, amount });
    }
  }
  for (const list of [history.donations, history.harvests, history.payouts]) list.sort(compareEvents);
  return history;
}
