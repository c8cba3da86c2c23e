import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { SchemaDocument } from '../schemaFiles.js';

/** Absolute path of a schema file shipped with this package (in its root, two levels above src/node/ or dist/node/). */
export function schemaFilePath(fileName: string): string {
  return fileURLToPath(new URL(`../../${fileName}`, import.meta.url));
}

/** Reads one of the package's schema files: a fresh copy the caller may change. */
export function readSchemaFile(fileName: string): SchemaDocument {
  return JSON.parse(readFileSync(schemaFilePath(fileName), 'utf8')) as SchemaDocument;
}
