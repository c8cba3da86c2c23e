import type { Address } from 'viem';
import { readContract } from 'viem/actions';

import { CityVaultAbi, YieldSplitterAbi } from '@citysync/contracts';
import type { CityVaultContracts } from '../types/city.js';
import type { CityReadClient } from '../types/client.js';
import { isTestAsset } from './testAsset.js';
import { type VaultAsset, type VaultCity, readVaultAsset, vaultOf } from './vaultOf.js';

/** A budget line in force, with what it was paid and is owed. Amounts in the asset's smallest unit. */
export type VaultLineStatus = {
  recipient: Address;
  purpose: string;
  bps: number;
  capPerPeriod: bigint;
  paidThisPeriod: bigint;
  /** Credited to the line but held back by its cap: paid in a later period. */
  owed: bigint;
  /** Paid but refused by the recipient's address: waits for the recipient to claim it (`claimVaultPayout`). */
  unclaimed: bigint;
  paidTotal: bigint;
};

export type VaultStatus = {
  contracts: CityVaultContracts;
  asset: VaultAsset;
  /** Whether the asset is the controllable test dollar (demo and test cities). */
  testAsset: boolean;
  /** Every amount ever given: never decreases, never leaves. */
  principal: bigint;
  /** The endowment's value now (principal plus unharvested yield, or less after a loss). */
  value: bigint;
  harvestable: bigint;
  totalHarvested: bigint;
  /** Harvested yield the splitter holds (owed to lines whose caps held it back, or not yet distributed). */
  pending: bigint;
  totalPaid: bigint;
  donations: bigint;
  shareSupply: bigint;
  lines: VaultLineStatus[];
  bounds: { minBps: number; maxBps: number };
  period: { current: bigint; origin: bigint; lengthSeconds: bigint; /** Unix time the current period ends. */ endsAt: bigint };
};

/** Everything `dpan vault status` shows: the endowment, the yield, and each budget line's standing this period. */
export async function readVaultStatus(client: CityReadClient, city: VaultCity): Promise<VaultStatus> {
  const contracts = vaultOf(city);
  const vault = { address: contracts.vault, abi: CityVaultAbi } as const;
  const splitter = { address: contracts.splitter, abi: YieldSplitterAbi } as const;
  const [asset, testAsset, principal, value, harvestable, totalHarvested, donations, shareSupply] = await Promise.all([
    readVaultAsset(client, contracts.asset),
    isTestAsset(client, contracts),
    readContract(client, { ...vault, functionName: 'totalPrincipal' }),
    readContract(client, { ...vault, functionName: 'totalAssets' }),
    readContract(client, { ...vault, functionName: 'harvestable' }),
    readContract(client, { ...vault, functionName: 'totalHarvested' }),
    readContract(client, { ...vault, functionName: 'donationCount' }),
    readContract(client, { ...vault, functionName: 'totalSupply' }),
  ]);
  const [pending, totalPaid, budgetLines, [minBps, maxBps], [origin, lengthSeconds], current] = await Promise.all([
    readContract(client, { ...splitter, functionName: 'pending' }),
    readContract(client, { ...splitter, functionName: 'totalPaid' }),
    readContract(client, { ...splitter, functionName: 'budgetLines' }),
    readContract(client, { ...splitter, functionName: 'splitBounds' }),
    readContract(client, { ...splitter, functionName: 'periodClock' }),
    readContract(client, { ...splitter, functionName: 'currentPeriod' }),
  ]);
  const lines = await Promise.all(
    budgetLines.map(async (line): Promise<VaultLineStatus> => {
      const key = [line.recipient, line.purpose] as const;
      const [paidThisPeriod, owed, unclaimed, paidTotal] = await Promise.all([
        readContract(client, { ...splitter, functionName: 'paidInPeriod', args: [...key, current] }),
        readContract(client, { ...splitter, functionName: 'owed', args: key }),
        readContract(client, { ...splitter, functionName: 'unclaimed', args: key }),
        readContract(client, { ...splitter, functionName: 'paidTotal', args: key }),
      ]);
      return { recipient: line.recipient, purpose: line.purpose, bps: line.bps, capPerPeriod: line.capPerPeriod, paidThisPeriod, owed, unclaimed, paidTotal };
    }),
  );
  return {
    contracts,
    asset,
    testAsset,
    principal,
    value,
    harvestable,
    totalHarvested,
    pending,
    totalPaid,
    donations,
    shareSupply,
    lines,
    bounds: { minBps, maxBps },
    period: { current, origin: BigInt(origin), lengthSeconds: BigInt(lengthSeconds), endsAt: BigInt(origin) + (current + 1n) * BigInt(lengthSeconds) },
  };
}
