import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { EvidenceDocument } from '@citysync/schemas';
import { loadAndValidate } from '@citysync/schemas/node';

/** `--evidence`: every *.json in a directory, or one file holding a document or an array of them. */
export function readEvidence(path: string): EvidenceDocument[] {
  const full = resolve(path);
  const files = statSync(full).isDirectory()
    ? readdirSync(full)
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(full, f))
    : [full];
  const docs: EvidenceDocument[] = [];
  for (const file of files) {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (Array.isArray(data)) docs.push(...(data as EvidenceDocument[]));
    else docs.push(loadAndValidate('evidence', file));
  }
  return docs;
}
