import { type ValidationIssue, issueAt, pointerJoin, showValue } from '../issues.js';
import { repeats } from './context.js';

/** A City Vault budget line as the split rules see it (caps in any unit: only whether one is zero matters). */
export type VaultSplitLine = { recipient: string; purpose: string; bps: number; capIsZero: boolean };

/** Most lines and purpose bytes `YieldSplitter.setSplit` accepts (its MAX_LINES and MAX_PURPOSE_BYTES). */
const MAX_LINES = 16;
const MAX_PURPOSE_BYTES = 200;
const ZERO_ADDRESS = /^0x0{40}$/i;

/**
 * The rules `YieldSplitter.setSplit` enforces on a split, checked before anything is deployed or proposed: at most
 * 16 lines, each share inside the bounds, the shares summing to 10000, a cap above 0, a payable recipient, a
 * purpose of 1 to 200 bytes, and each (recipient, purpose) once. `pointer` is where the lines array is in `file`.
 */
export function checkVaultSplit(
  lines: readonly VaultSplitLine[],
  bounds: { minBps: number; maxBps: number },
  where: { file: string; pointer: string },
): ValidationIssue[] {
  const { file, pointer } = where;
  const { minBps, maxBps } = bounds;
  const issues: ValidationIssue[] = [];
  const at = (path: string, message: string, extra: { value?: unknown; allowed?: string } = {}): void => {
    issues.push(issueAt(file, path, message, extra));
  };
  if (lines.length > MAX_LINES) {
    at(pointer, `${lines.length} lines are more than the splitter takes`, { value: lines.length, allowed: `at most ${MAX_LINES}` });
  }
  lines.forEach((line, i) => {
    const base = pointerJoin(pointer, i);
    if (line.bps < minBps || line.bps > maxBps) {
      at(pointerJoin(base, 'bps'), `${line.bps} is outside lineBounds`, { value: line.bps, allowed: `${minBps} to ${maxBps}` });
    }
    if (line.capIsZero) at(pointerJoin(base, 'capPerPeriod'), 'a cap of 0 would pay nothing', { allowed: 'more than 0' });
    if (ZERO_ADDRESS.test(line.recipient)) at(pointerJoin(base, 'recipient'), 'the zero address cannot be paid', { value: line.recipient });
    const bytes = new TextEncoder().encode(line.purpose).length;
    if (bytes === 0 || bytes > MAX_PURPOSE_BYTES) {
      at(pointerJoin(base, 'purpose'), `a purpose of ${bytes} bytes`, { value: showValue(line.purpose), allowed: `1 to ${MAX_PURPOSE_BYTES} bytes` });
    }
  });
  for (const { index, first } of repeats(lines, (l) => `${l.recipient.toLowerCase()} ${l.purpose}`)) {
    at(pointerJoin(pointer, index), `the same recipient and purpose as line ${first}: merge them into one line`);
  }
  const sum = lines.reduce((total, line) => total + line.bps, 0);
  if (lines.length > 0 && sum !== 10_000) at(pointer, `the shares sum to ${sum} bps`, { value: sum, allowed: 'exactly 10000' });
  return issues;
}
