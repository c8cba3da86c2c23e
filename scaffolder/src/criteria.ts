import { fileURLToPath } from 'node:url';

import {
  type GovernanceParameters,
  SchemaValidationError,
  type ValidationIssue,
  assertDocument,
  parameterValue,
} from '@citysync/schemas';
import { readDocument } from '@citysync/schemas/node';

/** The graduation thresholds, by the name the grader uses, and the governance-parameter key each is read from. */
export const graduationParameterKeys = {
  verificationMinShare: 'graduation.verificationReliability.minShare',
  engagementMinRetention: 'graduation.sustainedEngagement.minRetention',
  engagementMinParticipants: 'graduation.sustainedEngagement.minParticipants',
  redemptionMinShare: 'graduation.stableRedemption.minShare',
  redemptionMaxExhaustedEarly: 'graduation.stableRedemption.maxExhaustedEarly',
  outcomesMinTargets: 'graduation.measurableOutcomes.minTargets',
  outcomesMinShareMet: 'graduation.measurableOutcomes.minShareMet',
} as const;

export type GraduationThreshold = keyof typeof graduationParameterKeys;

export type GraduationCriteria = {
  /** The criteria file as named (for messages). */
  file: string;
  /** Each threshold's value in force (the parameter's `value`, else its `default`). */
  thresholds: Record<GraduationThreshold, number>;
};

/** scaffolder/graduation.json: the criteria `dpan scaffold` uses unless `--criteria` names another file. */
export const defaultGraduationCriteriaFile: string = fileURLToPath(new URL('../graduation.json', import.meta.url));

/**
 * Reads a graduation criteria file: a governance-parameters document (schemas/governance-parameters.schema.json)
 * defining every `graduation.*` key of {@link graduationParameterKeys} and no other `graduation.*` key (a typo
 * would otherwise leave a criterion at a value nobody chose). Throws SchemaValidationError with file#/pointer issues.
 *
 * @example
 * const criteria = loadGraduationCriteria(); // scaffolder/graduation.json
 * criteria.thresholds.verificationMinShare // 0.9
 */
export function loadGraduationCriteria(file: string = defaultGraduationCriteriaFile): GraduationCriteria {
  const read = readDocument(file);
  if (!read.ok) throw new SchemaValidationError([read.issue]);
  return graduationCriteriaFrom(read.value, file);
}

/** {@link loadGraduationCriteria} for a document already parsed. */
export function graduationCriteriaFrom(document: unknown, file: string): GraduationCriteria {
  const { parameters } = assertDocument('governance-parameters', document, { file }) as GovernanceParameters;
  const known = new Set<string>(Object.values(graduationParameterKeys));
  const issues: ValidationIssue[] = [];
  for (const key of Object.values(graduationParameterKeys)) {
    if (parameters[key] === undefined) {
      issues.push({ file, pointer: '/parameters', message: `missing "${key}", a graduation threshold`, allowed: [...known].join(', ') });
    }
  }
  for (const key of Object.keys(parameters)) {
    if (key.startsWith('graduation.') && !known.has(key)) {
      issues.push({ file, pointer: `/parameters/${key}`, message: `"${key}" is not a graduation threshold`, value: key, allowed: [...known].join(', ') });
    }
  }
  if (issues.length > 0) throw new SchemaValidationError(issues);
  const thresholds = Object.fromEntries(
    Object.entries(graduationParameterKeys).map(([name, key]) => {
      const parameter = parameters[key];
      // Checked above: every key is present.
      return [name, parameter === undefined ? Number.NaN : parameterValue(parameter)];
    }),
  ) as Record<GraduationThreshold, number>;
  return { file, thresholds };
}
