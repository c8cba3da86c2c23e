import type { VerificationRules } from '../generated/types.js';
import { type ValidationIssue, issueAt, pointerJoin, showValue } from '../issues.js';
import { type SemanticCheck, repeats } from './context.js';

/**
 * Verification rule rules beyond the schema, following TaskBoard: unique ids and reject codes; with 0 verifiers
 * the issuer verifies alone, otherwise accredited verifiers approve; only an issuer verifying alone can batch.
 */
export const checkVerificationRules: SemanticCheck<VerificationRules> = (document, { file }) => {
  const issues: ValidationIssue[] = [];
  for (const { index, first } of repeats(document.rules, (r) => r.id)) {
    const id = document.rules[index]?.id;
    issues.push(
      issueAt(file, pointerJoin('/rules', index, 'id'), `${showValue(id)} is already rule ${first}`, { value: id }),
    );
  }
  document.rules.forEach((rule, i) => {
    const base = pointerJoin('/rules', i);
    for (const { index, first } of repeats(rule.rejectReasons, (r) => String(r.code))) {
      const code = rule.rejectReasons[index]?.code;
      issues.push(
        issueAt(file, pointerJoin(base, 'rejectReasons', index, 'code'), `${code} is already reject reason ${first}`, {
          value: code,
        }),
      );
    }
    if (rule.verifiersRequired === 0 && rule.verifierRoles.some((role) => role !== 'issuer')) {
      issues.push(
        issueAt(
          file,
          `${base}/verifierRoles`,
          `${showValue(rule.verifierRoles)} does not fit verifiersRequired 0, where the issuer verifies alone`,
          { value: rule.verifierRoles, allowed: '["issuer"]' },
        ),
      );
    }
    if (rule.verifiersRequired > 0 && !rule.verifierRoles.includes('verifier')) {
      issues.push(
        issueAt(
          file,
          `${base}/verifierRoles`,
          `${showValue(rule.verifierRoles)} lacks "verifier": with verifiersRequired ${rule.verifiersRequired} accredited verifiers approve`,
          { value: rule.verifierRoles, allowed: 'a list including "verifier"' },
        ),
      );
    }
    if (rule.batchable && rule.verifiersRequired > 0) {
      issues.push(
        issueAt(
          file,
          `${base}/batchable`,
          `true needs verifiersRequired 0 (it is ${rule.verifiersRequired}): only an issuer verifying alone can batch`,
          { value: true, allowed: 'false' },
        ),
      );
    }
  });
  return issues;
};
