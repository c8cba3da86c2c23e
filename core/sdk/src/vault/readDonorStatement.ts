import { type Address, type Hash, getAddress, isAddressEqual } from 'viem';

import { CitySyncError } from '../errors/base.js';
import type { CityVaultContracts } from '../types/city.js';
import type { CityReadClient } from '../types/client.js';
import { type ReadVaultHistoryParameters, type VaultEventPosition, compareEvents, readVaultHistory } from './readVaultHistory.js';
import { type VaultAsset, type VaultCity, readVaultAsset, vaultOf } from './vaultOf.js';

/** How the statement attributes yield and spending to a donor: printed on the statement itself. */
export const DONOR_STATEMENT_METHOD = [
  'Computed only from the vault\'s public events (Donated, Harvested, Payout), in chain order; dates are block times in UTC.',
  'Your yield: for each harvest in the year, the amount harvested x the shares you held just before it / all shares then outstanding (the Harvested event\'s totalShares), rounded down. Your shares are those minted to you as receiver by earlier donations; shares never move.',
  'What it funded: your yield / all yield harvested in the year, x what each budget line (recipient and purpose) was paid in the year, rounded down.',
  'Held in the splitter: your yield not attributed to a payout (held back by a line\'s cap, or not yet distributed).',
  'Your gifts are principal: locked for ever, never spent; only their yield is.',
].join('\n');

export type DonorStatementDonation = {
  /** ISO 8601, UTC (the block's time). */
  date: string;
  amount: bigint;
  shares: bigint;
  /** Who holds the shares (the donor unless they gave on someone's behalf). */
  receiver: Address;
  dedication: string;
  blockNumber: bigint;
  transactionHash: Hash;
};

export type DonorStatementHarvest = {
  date: string;
  /** Harvested from the whole endowment. */
  amount: bigint;
  donorShares: bigint;
  totalShares: bigint;
  /** amount x donorShares / totalShares, rounded down. */
  donorYield: bigint;
  transactionHash: Hash;
};

export type DonorStatementLine = {
  recipient: Address;
  purpose: string;
  /** What the line was paid in the year, from every donor's yield. */
  paidInYear: bigint;
  /** The donor's part of it. */
  funded: bigint;
};

export type DonorStatement = {
  cityName: string | undefined;
  vault: Address;
  asset: VaultAsset;
  donor: Address;
  year: number;
  /** The year in UTC: [from, to). */
  from: string;
  to: string;
  /** The last block read, and its time. */
  asOfBlock: bigint;
  asOf: string;
  /** The donor's gifts in the year, in chain order. */
  donations: DonorStatementDonation[];
  givenInYear: bigint;
  /** Every gift of the donor up to the last block read. */
  givenToDate: bigint;
  donationsToDate: number;
  /** Shares the donor held at the end of the year (or now, for the current year). */
  sharesAtYearEnd: bigint;
  /** Harvests in the year while the donor held shares. */
  harvests: DonorStatementHarvest[];
  /** The yield the donor's stake produced in the year. */
  yieldInYear: bigint;
  /** All yield harvested in the year, every donor's. */
  cityYieldInYear: bigint;
  /** Line by line: what the donor's yield funded, grouped by (recipient, purpose). */
  lines: DonorStatementLine[];
  fundedInYear: bigint;
  /** The donor's yield not attributed to a payout. */
  heldInSplitter: bigint;
  method: string;
};

export type ReadDonorStatementParameters = ReadVaultHistoryParameters & {
  donor: Address;
  /** Calendar year, UTC. */
  year: number;
  /** Shown on the statement (city.json's `name`). */
  cityName?: string | undefined;
};

/** A year the statement cannot be for. */
export class DonorStatementYearError extends CitySyncError {
  override name = 'DonorStatementYearError';

  constructor(year: number) {
    super(`${year} is not a calendar year a statement can cover; give a year from 1970 to 9999.`);
  }
}

const iso = (seconds: bigint): string => new Date(Number(seconds) * 1000).toISOString();

/**
 * The donor's annual civic-value statement, computed only from the vault's events (see
 * {@link DONOR_STATEMENT_METHOD}): what they gave in the year and to date, the yield their stake produced in the
 * year, and what that yield funded line by line, with what stays held in the splitter.
 */
export async function readDonorStatement(
  client: CityReadClient,
  city: VaultCity,
  parameters: ReadDonorStatementParameters,
): Promise<DonorStatement> {
  const { year, cityName } = parameters;
  if (!Number.isInteger(year) || year < 1970 || year > 9999) throw new DonorStatementYearError(year);
  const donor = getAddress(parameters.donor);
  const contracts: CityVaultContracts = vaultOf(city);
  const [history, asset] = await Promise.all([
    readVaultHistory(client, contracts, parameters),
    readVaultAsset(client, contracts.asset),
  ]);
  const from = BigInt(Date.UTC(year, 0, 1) / 1000);
  const to = BigInt(Date.UTC(year + 1, 0, 1) / 1000);
  const inYear = (e: VaultEventPosition): boolean => e.timestamp >= from && e.timestamp < to;

  const given = history.donations.filter((d) => isAddressEqual(d.donor, donor));
  const donations = given.filter(inYear).map((d) => ({
    date: iso(d.timestamp),
    amount: d.assets,
    shares: d.shares,
    receiver: d.receiver,
    dedication: d.dedication,
    blockNumber: d.blockNumber,
    transactionHash: d.transactionHash,
  }));

  // Walk donations to the donor and harvests in chain order: a donation's own harvest (it harvests first) comes
  // before its Donated log, so a new stake never shares in yield accrued before it.
  type Step = ({ kind: 'stake'; shares: bigint } | { kind: 'harvest'; amount: bigint; totalShares: bigint }) & VaultEventPosition;
  const steps: Step[] = [
    ...history.donations.filter((d) => isAddressEqual(d.receiver, donor)).map((d): Step => ({ ...d, kind: 'stake', shares: d.shares })),
    ...history.harvests.map((h): Step => ({ ...h, kind: 'harvest', amount: h.amount, totalShares: h.totalShares })),
  ].sort(compareEvents);
  let shares = 0n;
  let sharesAtYearEnd = 0n;
  const harvests: DonorStatementHarvest[] = [];
  for (const step of steps) {
    if (step.kind === 'stake') {
      shares += step.shares;
      if (step.timestamp < to) sharesAtYearEnd = shares;
    } else if (inYear(step) && shares > 0n && step.totalShares > 0n) {
      harvests.push({
        date: iso(step.timestamp),
        amount: step.amount,
        donorShares: shares,
        totalShares: step.totalShares,
        donorYield: (step.amount * shares) / step.totalShares,
        transactionHash: step.transactionHash,
      });
    }
  }
  const yieldInYear = harvests.reduce((sum, h) => sum + h.donorYield, 0n);
  const cityYieldInYear = history.harvests.filter(inYear).reduce((sum, h) => sum + h.amount, 0n);

  const byLine = new Map<string, DonorStatementLine>();
  for (const payout of history.payouts.filter(inYear)) {
    const key = `${payout.recipient.toLowerCase()} ${payout.purpose}`;
    const line = byLine.get(key) ?? { recipient: payout.recipient, purpose: payout.purpose, paidInYear: 0n, funded: 0n };
    line.paidInYear += payout.amount;
    byLine.set(key, line);
  }
  const lines = [...byLine.values()].map((line) => ({
    ...line,
    funded: cityYieldInYear === 0n ? 0n : (line.paidInYear * yieldInYear) / cityYieldInYear,
  }));
  const fundedInYear = lines.reduce((sum, line) => sum + line.funded, 0n);
  return {
    cityName,
    vault: contracts.vault,
    asset,
    donor,
    year,
    from: iso(from),
    to: iso(to),
    asOfBlock: history.toBlock,
    asOf: iso(history.toBlockTimestamp),
    donations,
    givenInYear: donations.reduce((sum, d) => sum + d.amount, 0n),
    givenToDate: given.reduce((sum, d) => sum + d.assets, 0n),
    donationsToDate: given.length,
    sharesAtYearEnd,
    harvests,
    yieldInYear,
    cityYieldInYear,
    lines,
    fundedInYear,
    heldInSplitter: yieldInYear > fundedInYear ? yieldInYear - fundedInYear : 0n,
    method: DONOR_STATEMENT_METHOD,
  };
}
