import type { GovernanceParameter, GovernanceParameters } from '../generated/types.js';
import { type ValidationIssue, issueAt, pointerJoin } from '../issues.js';
import type { SemanticCheck } from './context.js';

/**
 * Health indicators with green/amber bands, and which way is better. For higher-is-better indicators a value at
 * or above green is green; for lower-is-better ones at or below green is green.
 */
export const healthIndicators = {
  creditUseEfficiency: 'higher',
  spareCapacity: 'higher',
  retention: 'higher',
  balanceAccumulation: 'lower',
  topDecileShare: 'lower',
} as const satisfies Record<string, 'higher' | 'lower'>;

export type HealthIndicator = keyof typeof healthIndicators;

/** Keys a city's parameters file must define: the health model and the amber-period correction read them. */
export const cityParameterKeys: readonly string[] = [
  ...Object.keys(healthIndicators).flatMap((indicator) => [`health.${indicator}.green`, `health.${indicator}.amber`]),
  'health.trailingPeriods',
  'issuance.coverageRatioBps',
  'issuance.coverageStepBps',
];

/** The value in force: the chosen one, else the default. */
export function parameterValue(parameter: GovernanceParameter): number {
  return parameter.value ?? parameter.default;
}

/**
 * Parameter rules beyond the schema: min <= default <= max and min <= value <= max; each health indicator's
 * green band at least as good as its amber band; and, for a city's own file, every key the health model reads.
 */
export const checkGovernanceParameters: SemanticCheck<GovernanceParameters> = (document, context) => {
  const { file } = context;
  const issues: ValidationIssue[] = [];
  const parameters = document.parameters;

  for (const [key, parameter] of Object.entries(parameters)) {
    const base = pointerJoin('/parameters', key);
    const { min, max } = parameter;
    if (min > max) {
      issues.push(issueAt(file, `${base}/min`, `${min} is more than max ${max}`, { value: min }));
      continue;
    }
    for (const field of ['default', 'value'] as const) {
      const value = parameter[field];
      if (value !== undefined && (value < min || value > max)) {
        issues.push(
          issueAt(file, `${base}/${field}`, `${value} is outside the parameter's bounds`, {
            value,
            allowed: `${min} to ${max}`,
          }),
        );
      }
    }
  }

  for (const [indicator, better] of Object.entries(healthIndicators)) {
    const green = parameters[`health.${indicator}.green`];
    const amber = parameters[`health.${indicator}.amber`];
    if (green === undefined || amber === undefined) continue;
    const greenValue = parameterValue(green);
    const amberValue = parameterValue(amber);
    const field = green.value !== undefined ? 'value' : 'default';
    const pointer = pointerJoin('/parameters', `health.${indicator}.green`, field);
    if (better === 'higher' && greenValue < amberValue) {
      issues.push(
        issueAt(file, pointer, `${greenValue} is below the amber threshold ${amberValue}`, {
          value: greenValue,
          allowed: `at least ${amberValue} (higher ${indicator} is better, so green starts at or above amber)`,
        }),
      );
    }
    if (better === 'lower' && greenValue > amberValue) {
      issues.push(
        issueAt(file, pointer, `${greenValue} is above the amber threshold ${amberValue}`, {
          value: greenValue,
          allowed: `at most ${amberValue} (lower ${indicator} is better, so green ends at or below amber)`,
        }),
      );
    }
  }

  if (context.cityParameters === true) {
    for (const key of cityParameterKeys.filter((k) => parameters[k] === undefined)) {
      issues.push(issueAt(file, '/parameters', `missing parameter "${key}" (the city's health model reads it)`));
    }
  }
  return issues;
};
