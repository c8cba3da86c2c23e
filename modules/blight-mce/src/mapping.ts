import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { type HazardCategory, hazardCategories, isHazardCategory } from './categories.js';
import { Open311FileError } from './errors.js';

/** Service code -> hazard category. */
export type ServiceCodeMapping = Readonly<Record<string, HazardCategory>>;

/** The module's default mapping file (open311-mapping.json at the package root). */
export const defaultMappingFile = fileURLToPath(new URL('../open311-mapping.json', import.meta.url));

/**
 * Reads a mapping file `{"<service_code>": "<category>"}`. Without `file`, the module's default; a given file
 * replaces the default entirely (a city whose 311 system uses other codes lists all of its own).
 */
export function loadMapping(file?: string): ServiceCodeMapping {
  const path = file ?? defaultMappingFile;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Open311FileError(path, 'is not a readable JSON file', { cause: error, details: 'A mapping file is a JSON object {"<service_code>": "<category>"}.' });
  }
  return parseMapping(data, path);
}

/** Checks a mapping object: every value one of the five categories; at least one code. */
export function parseMapping(data: unknown, file = 'mapping.json'): ServiceCodeMapping {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Open311FileError(file, 'must be a JSON object {"<service_code>": "<category>"}');
  }
  const entries = Object.entries(data);
  if (entries.length === 0) throw new Open311FileError(file, 'maps no service code');
  for (const [code, category] of entries) {
    if (!isHazardCategory(category)) {
      throw new Open311FileError(file, `#/${code}: ${JSON.stringify(category)} is not a hazard category`, {
        details: `Allowed: ${hazardCategories.join(', ')}.`,
      });
    }
  }
  return Object.fromEntries(entries) as ServiceCodeMapping;
}
