import type { MceRecord } from '../generated/types.js';
import { type ValidationIssue, issueAt, pointerJoin, showValue } from '../issues.js';
import { checkGovernanceParameters } from './governanceParameters.js';
import { checkRedemptionOfferings } from './redemptionOfferings.js';
import { checkTaskCatalog } from './taskCatalog.js';
import { type SemanticCheck, instant } from './context.js';
import { checkVerificationRules } from './verificationRules.js';

/**
 * MCE record rules beyond the schema: the embedded catalog, rules, offers and parameters obey their own kinds'
 * rules (task types naming rules in the record), the event ends after it starts, outcome counts add up and the
 * timeline is in order.
 */
export const checkMceRecord: SemanticCheck<MceRecord> = (record, { file }) => {
  const rules = { rules: record.verificationRules };
  const issues: ValidationIssue[] = [
    ...moved(checkVerificationRules(rules, { file }), /^\/rules/, '/verificationRules'),
    ...moved(
      checkTaskCatalog(
        { module: '', taskTypes: record.taskCatalog },
        { file, verificationRules: { file: 'the record\'s verificationRules', rules } },
      ),
      /^\/taskTypes/,
      '/taskCatalog',
    ),
    ...moved(
      checkRedemptionOfferings({ offerings: record.offers.map((offer) => offer.offering) }, { file }),
      /^\/offerings\/(\d+)/,
      '/offers/$1/offering',
    ),
    ...checkGovernanceParameters({ parameters: record.parameters }, { file }),
  ];

  const { start, end } = record.event;
  if (instant(end) <= instant(start)) {
    issues.push(issueAt(file, '/event/end', `${showValue(end)} is not after start ${showValue(start)}`, { value: end }));
  }
  const { completions, verified, rejected } = record.outcomes;
  if (verified + rejected > completions) {
    issues.push(
      issueAt(file, '/outcomes/verified', `${verified} verified and ${rejected} rejected are more than the ${completions} completions`, {
        value: verified,
        allowed: `at most ${completions - rejected}`,
      }),
    );
  }
  record.outcomes.timeline.forEach((point, i) => {
    const previous = record.outcomes.timeline[i - 1];
    if (previous !== undefined && instant(point.at) <= instant(previous.at)) {
      issues.push(
        issueAt(file, pointerJoin('/outcomes/timeline', i, 'at'), `${showValue(point.at)} is not after the previous point ${showValue(previous.at)}`, {
          value: point.at,
        }),
      );
    }
  });
  return issues;
};

/** Issues of an embedded document, re-pointed from its own root to where the record holds it. */
function moved(issues: ValidationIssue[], from: RegExp, to: string): ValidationIssue[] {
  return issues.map((issue) => ({ ...issue, pointer: issue.pointer.replace(from, to) }));
}
