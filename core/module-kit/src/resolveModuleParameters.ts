import type { GovernanceParameters } from '@citysync/schemas';

import { ModuleParameterError } from './errors.js';

export type ResolveModuleParametersOptions = {
  /** The parameters file's name in messages. Default: parameters.json. */
  file?: string | undefined;
};

export type ResolveModuleParametersReturnType = Record<string, number>;

export type ResolveModuleParametersErrorType = ModuleParameterError;

/**
 * The value of every parameter: the override if given, else the file's `value`, else its `default`. An override
 * must name a parameter of the file and lie inside its [min, max]; errors point at `file#/parameters/<key>`.
 *
 * @example
 * resolveModuleParameters(pkg.parameters, { 'budget.perPeriod': 20000 })['budget.perPeriod'] // 20000
 */
export function resolveModuleParameters(
  parameters: GovernanceParameters,
  overrides: Readonly<Record<string, number>> = {},
  options: ResolveModuleParametersOptions = {},
): ResolveModuleParametersReturnType {
  const file = options.file ?? 'parameters.json';
  const defined = parameters.parameters;
  const values: Record<string, number> = {};
  for (const [key, parameter] of Object.entries(defined)) values[key] = parameter.value ?? parameter.default;
  for (const [key, value] of Object.entries(overrides)) {
    const location = `${file}#/parameters/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    const parameter = defined[key];
    if (parameter === undefined) {
      throw new ModuleParameterError(location, key, `the module has no parameter "${key}"`, {
        details: `Parameters: ${Object.keys(defined).join(', ')}.`,
      });
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ModuleParameterError(location, key, `${String(value)} is not a number`);
    }
    if (value < parameter.min || value > parameter.max) {
      throw new ModuleParameterError(
        location,
        key,
        `${value} is outside the allowed bounds [${parameter.min}, ${parameter.max}] (${parameter.unit})`,
        { details: `Choose a value from ${parameter.min} to ${parameter.max}: ${parameter.description}` },
      );
    }
    values[key] = value;
  }
  return values;
}
