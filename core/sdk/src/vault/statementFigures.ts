import { formatUnits } from 'viem';

import type { DonorStatement } from './readDonorStatement.js';

/** An amount in the asset's units with its symbol, e.g. `2500.5 tUSD`. */
export function formatAmount(statement: Pick<DonorStatement, 'asset'>, amount: bigint): string {
  return `${formatUnits(amount, statement.asset.decimals)} ${statement.asset.symbol}`;
}

/** The statement's totals, labelled the same way in text and HTML. */
export function statementTotals(s: DonorStatement): [label: string, amount: bigint][] {
  return [
    [`Given in ${s.year}`, s.givenInYear],
    ['Given to date', s.givenToDate],
    [`Yield your stake produced in ${s.year}`, s.yieldInYear],
    ['Of which funded budget lines', s.fundedInYear],
    ['Of which held in the splitter', s.heldInSplitter],
  ];
}

/** Title line of the statement. */
export function statementTitle(s: DonorStatement): string {
  return `${s.cityName ?? 'City'} Vault: civic-value statement ${s.year}`;
}

/** `2026-11-25T23:43:13.000Z` -> `2026-11-25 23:43 UTC`: the statement's dates for people (JSON keeps ISO 8601). */
export function displayDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The donor's part of all shares at a harvest, e.g. `25.00%` (rounded down). */
export function stakeShare(donorShares: bigint, totalShares: bigint): string {
  const basisPoints = totalShares === 0n ? 0n : (donorShares * 10_000n) / totalShares;
  return `${basisPoints / 100n}.${String(basisPoints % 100n).padStart(2, '0')}%`;
}

/** `2026 (1 January to 31 December, UTC)`. */
export function statementYear(s: Pick<DonorStatement, 'year'>): string {
  return `${s.year} (1 January to 31 December, UTC)`;
}
