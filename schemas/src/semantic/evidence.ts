import type { EvidenceDocument } from '../generated/types.js';
import { type ValidationIssue, issueAt, pointerJoin, showValue } from '../issues.js';
import { type SemanticCheck, instant, repeats } from './context.js';

/** Evidence rules beyond the schema: the work ends no earlier than it starts, and no photo is listed twice. */
export const checkEvidence: SemanticCheck<EvidenceDocument> = (evidence, { file }) => {
  const issues: ValidationIssue[] = [];
  if (instant(evidence.completedAt) < instant(evidence.startedAt)) {
    issues.push(
      issueAt(file, '/completedAt', `${showValue(evidence.completedAt)} is before startedAt ${showValue(evidence.startedAt)}`, {
        value: evidence.completedAt,
      }),
    );
  }
  for (const { index, first } of repeats(evidence.photos, (p) => p.sha256)) {
    const hash = evidence.photos[index]?.sha256;
    issues.push(
      issueAt(file, pointerJoin('/photos', index, 'sha256'), `${showValue(hash)} is already photo ${first}`, {
        value: hash,
      }),
    );
  }
  return issues;
};
