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
