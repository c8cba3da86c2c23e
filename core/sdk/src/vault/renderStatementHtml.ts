// Dedications and purposes are anyone's input: every string from the chain goes through escapeHtml.
import { escapeHtml } from '../utils/escapeHtml.js';
import type { DonorStatement } from './readDonorStatement.js';
import { displayDate, formatAmount, stakeShare, statementTitle, statementTotals, statementYear } from './statementFigures.js';

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; } h2 { font-size: 1.05rem; margin-top: 1.6rem; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.meta { color: #444; } .mono { font-family: ui-monospace, monospace; font-size: .85em; word-break: break-all; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } h2 { break-after: avoid; } table { break-inside: auto; } tr { break-inside: avoid; } }
@page { margin: 18mm; }`;

/** A self-contained printable page (inline CSS, no external assets); every string from the chain is escaped. */
export function renderStatementHtml(s: DonorStatement): string {
  const e = escapeHtml;
  const amount = (value: bigint): string => e(formatAmount(s, value));
  const table = (head: string[], rows: string[][], numeric: number[] = []): string => {
    const cell = (tag: string, value: string, i: number) => `<${tag}${numeric.includes(i) ? ' class="num"' : ''}>${value}</${tag}>`;
    return `<table><thead><tr>${head.map((h, i) => cell('th', e(h), i)).join('')}</tr></thead><tbody>${rows
      .map((row) => `<tr>${row.map((value, i) => cell('td', value, i)).join('')}</tr>`)
      .join('')}</tbody></table>`;
  };
  const none = (rows: string[][], text: string): string[][] => (rows.length === 0 ? [[e(text)]] : rows);
  const title = e(statementTitle(s));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${title}</h1>
<p class="meta">Donor <span class="mono">${e(s.donor)}</span><br>Year ${e(statementYear(s))}<br>Vault <span class="mono">${e(s.vault)}</span>, as of block ${s.asOfBlock} (${e(displayDate(s.asOf))})</p>
<h2>Your gifts in ${s.year}</h2>
${table(['Date', 'Amount', 'Dedication'], none(s.donations.map((d) => [e(displayDate(d.date)), amount(d.amount), e(d.dedication)]), 'No gifts this year.'), [1])}
<h2>Yield your stake produced</h2>
${table(
  ['Harvest', 'Harvested', 'Your stake', 'Your yield'],
  none(s.harvests.map((h) => [e(displayDate(h.date)), amount(h.amount), e(stakeShare(h.donorShares, h.totalShares)), amount(h.donorYield)]), 'No harvest while you held shares.'),
  [1, 2, 3],
)}
<h2>What your yield funded</h2>
${table(
  ['Purpose', 'Recipient', 'Line paid in the year', 'Funded by you'],
  none(s.lines.map((l) => [e(l.purpose), `<span class="mono">${e(l.recipient)}</span>`, amount(l.paidInYear), amount(l.funded)]), 'Nothing was paid out this year.'),
  [2, 3],
)}
<h2>Totals</h2>
${table(['', 'Amount'], statementTotals(s).map(([label, value]) => [e(label), amount(value)]), [1])}
<h2>How this is computed</h2>
${s.method.split('\n').map((line) => `<p>${e(line)}</p>`).join('\n')}
</body>
</html>
`;
}
