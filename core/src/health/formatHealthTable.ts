import type { HealthMetric, HealthRow } from './computeHealth.js';

const headers = ['period', 'starts (UTC)', 'credit use', 'spare capacity', 'balance/cap', 'top 10% share', 'active', 'new', 'retention', 'band'];

function cell(m: HealthMetric): string {
  return m.value === null ? '-' : `${m.value.toFixed(2)} ${m.band}`;
}

/**
 * The health rows as a plain aligned text table for a terminal: each indicator's value with its band word, the
 * period's overall band last. A period still running is marked `*` (its figures are partial).
 */
export function formatHealthTable(rows: readonly HealthRow[]): string {
  if (rows.length === 0) return 'No indexed activity yet: run `dpan index` after the city has some events.';
  const body = rows.map((r) => [
    `${r.period}${r.complete ? '' : '*'}`,
    new Date(r.start * 1000).toISOString().slice(0, 16).replace('T', ' '),
    cell(r.creditUseEfficiency),
    cell(r.spareCapacity),
    cell(r.balanceAccumulation.ratio),
    cell(r.balanceAccumulation.topDecileShare),
    String(r.engagement.active),
    String(r.engagement.newcomers),
    cell(r.engagement.retention),
    r.band,
  ]);
  const table = [headers, ...body];
  const widths = headers.map((_, c) => Math.max(...table.map((line) => (line[c] as string).length)));
  const lines = table.map((line) =>
    line
      .map((text, c) => (c === 0 || (c >= 6 && c <= 7) ? text.padStart(widths[c] as number) : text.padEnd(widths[c] as number)))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  if (rows.some((r) => !r.complete)) lines.push('', '* period still running: figures are partial');
  return lines.join('\n');
}
