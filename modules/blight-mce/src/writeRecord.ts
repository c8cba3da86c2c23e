import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import type { MceRecord } from '@citysync/schemas';

import { MceRecordExistsError } from './exportErrors.js';

/** {@link MceRecordExistsError} when `path` exists and `force` is not set: checked before any chain read. */
export function assertRecordPathFree(path: string, options: { force?: boolean | undefined } = {}): string {
  const full = resolve(path);
  if (existsSync(full) && options.force !== true) throw new MceRecordExistsError(full);
  return full;
}

/**
 * Writes a record (exportMceRecord validated it) as pretty JSON, atomically: a reader never sees half a file and a
 * failure leaves nothing behind. Refuses an existing file unless `force`.
 */
export function writeMceRecord(path: string, record: MceRecord, options: { force?: boolean | undefined } = {}): string {
  const full = assertRecordPathFree(path, options);
  mkdirSync(dirname(full), { recursive: true });
  const temp = `${full}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temp, full);
  return full;
}
