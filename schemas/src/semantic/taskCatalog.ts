import type { TaskCatalog } from '../generated/types.js';
import { type ValidationIssue, issueAt, pointerJoin, showValue } from '../issues.js';
import { closest } from '../suggest.js';
import { type SemanticCheck, repeats } from './context.js';

/**
 * Task catalog rules beyond the schema: unique task type ids, each default rate inside its bounds, and (when the
 * verification rules are known) every task type naming a rule that exists.
 */
export const checkTaskCatalog: SemanticCheck<TaskCatalog> = (catalog, { file, verificationRules }) => {
  const issues: ValidationIssue[] = [];
  for (const { index, first } of repeats(catalog.taskTypes, (t) => t.id)) {
    const id = catalog.taskTypes[index]?.id;
    issues.push(
      issueAt(file, pointerJoin('/taskTypes', index, 'id'), `${showValue(id)} is already task type ${first}`, {
        value: id,
      }),
    );
  }
  const ruleIds = verificationRules?.rules.rules.map((rule) => rule.id);
  catalog.taskTypes.forEach((taskType, i) => {
    const base = pointerJoin('/taskTypes', i);
    const { default: rate, min, max } = taskType.rate;
    if (min > max) {
      issues.push(issueAt(file, `${base}/rate/min`, `${min} is more than max ${max}`, { value: min }));
    } else if (rate < min || rate > max) {
      issues.push(
        issueAt(file, `${base}/rate/default`, `${rate} is outside the rate bounds`, {
          value: rate,
          allowed: `${min} to ${max}`,
        }),
      );
    }
    if (verificationRules !== undefined && ruleIds !== undefined && !ruleIds.includes(taskType.verification)) {
      const suggestion = closest(taskType.verification, ruleIds);
      issues.push(
        issueAt(
          file,
          `${base}/verification`,
          `${showValue(taskType.verification)} is not a rule in ${verificationRules.file}${
            suggestion !== undefined ? ` (did you mean "${suggestion}"?)` : ''
          }`,
          { value: taskType.verification, allowed: ruleIds.map((id) => JSON.stringify(id)).join(', ') },
        ),
      );
    }
  });
  return issues;
};
