import type { ValidationIssue } from '@citysync/schemas';
import { zeroAddress } from 'viem';

import type { VaultBudgetLine } from '../deploy/deployCity.js';

/** Bounds of a line's share, in bps (the splitter's `splitBounds()`). */
export type VaultLineBounds = { minBps: number; maxBps: number };

export type CheckVaultSplitParameters = {
  lines: readonly VaultBudgetLine[];
  bounds: VaultLineBounds;
  /** Where the lines came from, for messages (`split.json`, `--line`). Default: `split`. */
  file?: string | undefined;
  /** JSON pointer of the lines array in `file`. Default: `/budgetLines`. */
  pointer?: string | undefined;
};

/** Most lines and purpose length `YieldSplitter.setSplit` accepts (its MAX_LINES and MAX_PURPOSE_BYTES). */
const MAX_LINES = 16;
const MAX_PURPOSE_BYTES = 200;

/**
 * The rules `YieldSplitter.setSplit` enforces, checked before anything is sent, with the same messages as the
 * city.json check of `vault.budgetLines` (shares inside the bounds, summing to 10000; caps above 0; each
 * recipient and purpose once), plus the splitter's own limits (recipient, purpose length, line count).
 */
export function checkVaultSplit(parameters: CheckVaultSplitParameters): ValidationIssue[] {
  const { lines, bounds, file = 'split', pointer = '/budgetLines' } = parameters;
  const { minBps, maxBps } = bounds;
  const issues: ValidationIssue[] = [];
  const at = (path: string, message: string, value: unknown, allowed?: string): void => {
    issues.push({ file, pointer: `${pointer}${path}`, message, value, ...(allowed !== undefined ? { allowed } : {}) });
  };
  if (lines.length > MAX_LINES) at('', `${lines.length} lines are more than the splitter takes`, lines.length, `at most ${MAX_LINES}`);
  const seen = new Map<string, number>();
  lines.forEach((line, i) => {
    if (line.bps < minBps || line.bps > maxBps) at(`/${i}/bps`, `${line.bps} is outside lineBounds`, line.bps, `${minBps} to ${maxBps}`);
    if (line.capPerPeriod <= 0n) at(`/${i}/capPerPeriod`, 'a cap of 0 would pay nothing', String(line.capPerPeriod), 'more than 0');
    if (line.recipient.toLowerCase() === zeroAddress) at(`/${i}/recipient`, 'the zero address cannot be paid', line.recipient);
    const purposeBytes = new TextEncoder().encode(line.purpose).length;
    if (purposeBytes === 0 || purposeBytes > MAX_PURPOSE_BYTES) {
      at(`/${i}/purpose`, `a purpose of ${purposeBytes} bytes`, line.purpose, `1 to ${MAX_PURPOSE_BYTES} bytes`);
    }
    const key = `${line.recipient.toLowerCase()} ${line.purpose}`;
    const first = seen.get(key);
    if (first !== undefined) at(`/${i}`, `the same recipient and purpose as line ${first}`, line.purpose);
    else seen.set(key, i);
  });
  const sum = lines.reduce((total, line) => total + line.bps, 0);
  if (lines.length > 0 && sum !== 10_000) at('', `the shares sum to ${sum} bps`, sum, 'exactly 10000');
  return issues;
}
