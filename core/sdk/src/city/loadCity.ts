import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import {
  type CityConfig,
  type GovernanceParameters,
  type SchemaValidationError,
} from '@citysync/schemas';
import { loadAndValidate } from '@citysync/schemas/node';

import { CityConfigNotFoundError } from './errors.js';

export type LoadCityReturnType = {
  /** The city's directory (where city.json is). */
  dir: string;
  configPath: string;
  config: CityConfig;
  governancePath: string;
  governance: GovernanceParameters;
};

/** {@link CityConfigNotFoundError}, or `SchemaValidationError` listing every `file#/pointer: message` issue. */
export type LoadCityErrorType = CityConfigNotFoundError | SchemaValidationError;

/**
 * Reads and validates a city: `city.json` (JSONC allowed) and the governance parameters file it names
 * (`"parameters": "governance.json"`, relative to city.json), which must define every parameter the health model
 * reads. Takes the city's directory or the path of its config file.
 */
export function loadCity(dirOrConfigPath: string): LoadCityReturnType {
  const given = resolve(dirOrConfigPath);
  const configPath = existsSync(given) && statSync(given).isDirectory() ? join(given, 'city.json') : given;
  if (!existsSync(configPath)) throw new CityConfigNotFoundError(configPath);
  const config = loadAndValidate('city', configPath);
  const dir = dirname(configPath);
  const governancePath = resolve(dir, config.parameters);
  const governance = loadAndValidate('governance-parameters', governancePath, { cityParameters: true });
  return { dir, configPath, config, governancePath, governance };
}
