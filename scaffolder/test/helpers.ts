// Shared by the scaffolder's tests: the fixture records, a deep copy to vary one field, and a scratch directory.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { MceRecord } from '@citysync/schemas';

/** The record a real run of the blight MCE on anvil exported (modules/blight-mce/scripts/make-record-fixture.ts). */
export const BLIGHT_FILE = fileURLToPath(new URL('./fixtures/blight-mce.record.json', import.meta.url));
/** A larger hand-written record of the same event shape that passes every default criterion. */
export const SAMPLE_FILE = fileURLToPath(new URL('./fixtures/sample.record.json', import.meta.url));

export function readRecord(file: string): MceRecord {
  return JSON.parse(readFileSync(file, 'utf8')) as MceRecord;
}

/** A deep copy of `record` changed by `edit`. */
export function varied(record: MceRecord, edit: (copy: MceRecord) => void): MceRecord {
  const copy = structuredClone(record);
  edit(copy);
  return copy;
}

/** A fresh directory under the OS temp dir, and its removal. */
export function scratch(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
