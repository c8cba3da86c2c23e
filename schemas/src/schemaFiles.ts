import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { type SchemaKind, schemaKinds } from './kinds.js';

/** A schema file's parsed JSON. */
export type SchemaDocument = { $id: string; [keyword: string]: unknown };

/** Names of the schema files in the package root: one per kind, plus the shared definitions. */
export const schemaFileNames: readonly string[] = ['common.schema.json', ...schemaKinds.map(schemaFileName)];

export function schemaFileName(kind: SchemaKind): string {
  return `${kind}.schema.json`;
}

/** Absolute path of a schema file shipped with this package. */
export function schemaFilePath(fileName: string): string {
  return fileURLToPath(new URL(`../${fileName}`, import.meta.url));
}

/** Reads one of the package's schema files. */
export function readSchemaFile(fileName: string): SchemaDocument {
  return JSON.parse(readFileSync(schemaFilePath(fileName), 'utf8')) as SchemaDocument;
}

/** The local file behind one of our `https://schemas.citysync.dev/...` ids (fragment ignored), if any. */
export function schemaFileNameOfUrl(url: string): string | undefined {
  const match = /^https:\/\/schemas\.citysync\.dev\/([a-z-]+\.schema\.json)(#.*)?$/i.exec(url);
  const name = match?.[1];
  return name !== undefined && schemaFileNames.includes(name) ? name : undefined;
}
