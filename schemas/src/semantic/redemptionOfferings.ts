import type { RedemptionOfferings } from '../generated/types.js';
import { type ValidationIssue, issueAt, pointerJoin, showValue } from '../issues.js';
import { type SemanticCheck, instant } from './context.js';

/**
 * Offering rules beyond the schema: a window ends after it starts, and an id appears more than once only for
 * separate windows (an MCE-only offer repeated each weekend), never overlapping and never without a window.
 */
export const checkRedemptionOfferings: SemanticCheck<RedemptionOfferings> = (document, { file }) => {
  const issues: ValidationIssue[] = [];
  const offerings = document.offerings;
  const earlierById = new Map<string, number[]>();

  offerings.forEach((offering, i) => {
    const base = pointerJoin('/offerings', i);
    const window = offering.window;
    if (window !== undefined && instant(window.end) <= instant(window.start)) {
      issues.push(
        issueAt(file, `${base}/window/end`, `${showValue(window.end)} is not after start ${showValue(window.start)}`, {
          value: window.end,
        }),
      );
    }
    const earlier = earlierById.get(offering.id) ?? [];
    for (const j of earlier) {
      const other = offerings[j];
      if (other === undefined) continue;
      if (window === undefined || other.window === undefined) {
        issues.push(
          issueAt(file, `${base}/id`, `${showValue(offering.id)} is already offering ${j}`, {
            value: offering.id,
            allowed: 'a new id, or a window on each occurrence that does not overlap the others',
          }),
        );
      } else if (instant(window.start) < instant(other.window.end) && instant(other.window.start) < instant(window.end)) {
        issues.push(
          issueAt(
            file,
            `${base}/window`,
            `${window.start} to ${window.end} overlaps offering ${j}'s window ${other.window.start} to ${other.window.end}`,
            { value: window, allowed: `a window that ends by ${other.window.start} or starts at ${other.window.end} or later` },
          ),
        );
      }
    }
    earlierById.set(offering.id, [...earlier, i]);
  });
  return issues;
};
