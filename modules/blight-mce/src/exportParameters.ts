import type { GovernanceParameters } from '@citysync/schemas';

type ParameterMap = GovernanceParameters['parameters'];

export type ParametersInForceParameters = {
  /** The installed package's parameters.json: every key, its bounds, unit and description. */
  module: GovernanceParameters;
  /** The city's own governance parameters (governance.json), for keys the module also defines (health bands...). */
  city?: GovernanceParameters | undefined;
  /** Values read from the chain for the event; they win over both files, being what was actually enforced. */
  chain: Readonly<Record<string, number | undefined>>;
};

/**
 * The module's governance parameters as they were in force during the event: each key of the package with
 * `value` set where the chain (or, for keys only a file holds, the city's governance.json) says something other
 * than the default. A value outside the module's recommended bounds (a city may set its period or coverage
 * elsewhere) widens the bounds to it: the record says what ran, and a module scaffolded from it must accept it.
 */
export function parametersInForce(parameters: ParametersInForceParameters): ParameterMap {
  const result: ParameterMap = {};
  for (const [key, parameter] of Object.entries(parameters.module.parameters)) {
    const cityParameter = parameters.city?.parameters[key];
    const value = parameters.chain[key] ?? cityParameter?.value ?? cityParameter?.default ?? parameter.value ?? parameter.default;
    const { value: _packageValue, ...rest } = parameter;
    result[key] = {
      ...rest,
      min: Math.min(parameter.min, value),
      max: Math.max(parameter.max, value),
      ...(value === parameter.default ? {} : { value }),
    };
  }
  return result;
}
