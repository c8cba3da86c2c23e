import type { ForkParameters } from '../generated/types.js';
import { type ValidationIssue, issueAt, pointerJoin } from '../issues.js';
import type { SemanticCheck } from './context.js';

type Bounds = { default?: number | undefined; min?: number | undefined; max?: number | undefined };

/**
 * Fork parameter rules beyond the schema that the file alone can decide: where it gives both, min <= max and
 * min <= default <= max. Whether each value lies inside the ORIGINAL's bounds, and whether each key and id exists
 * in the original, needs the original version: `dpan fork` checks that (applyForkParameters in @citysync/core).
 */
export const checkForkParameters: SemanticCheck<ForkParameters> = (document, { file }) => {
  const issues: ValidationIssue[] = [];
  for (const [key, parameter] of Object.entries(document.parameters ?? {})) {
    issues.push(...boundsIssues(file, pointerJoin('/parameters', key), parameter));
  }
  for (const [id, taskType] of Object.entries(document.taskTypes ?? {})) {
    if (taskType.rate !== undefined) issues.push(...boundsIssues(file, pointerJoin('/taskTypes', id, 'rate'), taskType.rate));
  }
  return issues;
};

function boundsIssues(file: string, base: string, bounds: Bounds): ValidationIssue[] {
  const { default: value, min, max } = bounds;
  if (min !== undefined && max !== undefined && min > max) {
    return [issueAt(file, `${base}/min`, `${min} is more than max ${max}`, { value: min })];
  }
  if (value === undefined) return [];
  if (min !== undefined && value < min) {
    return [issueAt(file, `${base}/default`, `${value} is below the fork's own min ${min}`, { value, allowed: `at least ${min}` })];
  }
  if (max !== undefined && value > max) {
    return [issueAt(file, `${base}/default`, `${value} is above the fork's own max ${max}`, { value, allowed: `at most ${max}` })];
  }
  return [];
}
