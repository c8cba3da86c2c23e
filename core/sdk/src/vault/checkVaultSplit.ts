import { type ValidationIssue, checkVaultSplit as checkSplitLines } from '@citysync/schemas';

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

/**
 * The rules `YieldSplitter.setSplit` enforces, checked before anything is sent: the same check, and messages, as
 * city.json's `vault.budgetLines` (@citysync/schemas `checkVaultSplit`).
 */
export function checkVaultSplit(parameters: CheckVaultSplitParameters): ValidationIssue[] {
  const { lines, bounds, file = 'split', pointer = '/budgetLines' } = parameters;
  return checkSplitLines(
    lines.map((line) => ({ ...line, capIsZero: line.capPerPeriod <= 0n })),
    bounds,
    { file, pointer },
  );
}
