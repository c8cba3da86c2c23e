import { readFileSync } from 'node:fs';

import type { CitySyncDocuments, SchemaKind } from '../src/index.js';

/** A fixture document, parsed fresh on every call so tests can change it. */
export function fixture<K extends SchemaKind>(kind: K, name: 'valid' | 'invalid' = 'valid'): CitySyncDocuments[K] {
  return JSON.parse(readFileSync(new URL(`./fixtures/${kind}/${name}.json`, import.meta.url), 'utf8')) as CitySyncDocuments[K];
}
