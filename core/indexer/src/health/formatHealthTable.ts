import type { HealthMetric, HealthRow } from './computeHealth.js';

const headers = ['period', 'starts (UTC)', 'credit use', 'spare capacity', 'balance/cap', 'top 10% share', 'active', 'new', 'retention', 'band'];

function cell(m: HealthMetric, complete: boolean): string {
  if (m.value === null) return '-';
  return complete ? `${m.value.toFixed(2)} ${m.band}` : m.value.toFixed(2);
}

/**
 * The health rows as a plain aligned text table for a terminal: each indicator's value with its band word, the
 * period's overall band last. A period still running is marked `*`: its figures so far are shown without bands
 * and its band is `partial` (a period that just started has no actives yet, which says nothing about retention).
 */
export function formatHealthTable(rows: readonly HealthRow[]): string {
  if (rows.length === 0) return 'No indexed activity yet: run `dpan index` after the city has some events.';
  const body = rows.map((r) => [
    `${r.period}${r.complete ? '' : '*'}`,
    new Date(r.start * 1000).toISOString().slice(0, 16).replace('T', ' '),
    cell(r.creditUseEfficiency, r.complete),
    cell(r.spareCapacity, r.complete),
    cell(r.balanceAccumulation.ratio, r.complete),
    cell(r.balanceAccumulation.topDecileShare, r.complete),
    String(r.engagement.active),
    String(r.engagement.newcomers),
    cell(r.engagement.retention, r.complete),
    r.complete ? r.band : 'partial',
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
  if (rows.some((r) => !r.complete)) lines.push('', '* period still running: figures so far, not banded until it ends');
  return lines.join('\n');
}
