import type { DonorStatement } from './readDonorStatement.js';
import { displayDate, formatAmount, stakeShare, statementTitle, statementTotals, statementYear } from './statementFigures.js';

/** The donor statement as plain text (what `dpan vault statement` prints by default). */
export function renderStatementText(s: DonorStatement): string {
  const amount = (value: bigint): string => formatAmount(s, value);
  const out: string[] = [
    statementTitle(s),
    `donor: ${s.donor}`,
    `year:  ${statementYear(s)}`,
    `vault: ${s.vault} (as of block ${s.asOfBlock}, ${displayDate(s.asOf)})`,
    '',
    `Gifts in ${s.year}:`,
  ];
  if (s.donations.length === 0) out.push('  none');
  for (const d of s.donations) {
    out.push(`  ${displayDate(d.date)}  ${amount(d.amount)}${d.dedication === '' ? '' : `  "${d.dedication}"`}`);
  }
  out.push('', `Yield your stake produced in ${s.year}:`);
  if (s.harvests.length === 0) out.push('  none');
  for (const h of s.harvests) {
    out.push(`  ${displayDate(h.date)}  ${amount(h.donorYield)}: your ${stakeShare(h.donorShares, h.totalShares)} of the ${amount(h.amount)} harvested`);
  }
  out.push('', 'What your yield funded:');
  if (s.lines.length === 0) out.push('  nothing paid out in the year');
  for (const line of s.lines) {
    out.push(`  ${line.purpose} (${line.recipient}): ${amount(line.funded)} of ${amount(line.paidInYear)} paid`);
  }
  out.push('', 'Totals:');
  for (const [label, value] of statementTotals(s)) out.push(`  ${label}: ${amount(value)}`);
  out.push('', 'How this is computed:', ...s.method.split('\n').map((line) => `  ${line}`));
  return out.join('\n');
}
