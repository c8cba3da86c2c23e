import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

import type { CitySyncError, CitySyncErrorOptions } from '@citysync/sdk';

/**
 * What a state file (`anvil.json`, `registry.json`) records about a background process, so that another process
 * (`dpan chain stop`, `dpan registry status`) can find it, see whether it still runs, and stop it.
 */
export type ProcessRecord = {
  pid: number;
  port: number;
  /** ISO 8601. */
  startedAt: string;
};

/** Writes `record` (with the caller's own fields, e.g. its URL) as JSON, replacing the file atomically. */
export function writeProcessRecord<const record extends ProcessRecord>(file: string, record: record): record {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, file);
  return record;
}

/**
 * The record in `file`, with `pid` and `port` checked to be numbers and the caller's `fields` to be strings;
 * undefined when the file is missing or not such a record.
 */
export function readProcessRecord<const field extends string>(
  file: string,
  fields: readonly field[] = [],
): (ProcessRecord & Record<field, string>) | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const r = parsed as Record<string, unknown>;
  const { pid, port, startedAt } = r;
  if (typeof pid !== 'number' || typeof port !== 'number') return undefined;
  if (fields.some((field) => typeof r[field] !== 'string')) return undefined;
  const extra = Object.fromEntries(fields.map((field) => [field, r[field]])) as Record<field, string>;
  return { pid, port, ...extra, startedAt: typeof startedAt === 'string' ? startedAt : '' };
}

/** The record in `file` if it names a live process; a stale record (its process is gone) counts as none. */
export function liveProcessRecord<const field extends string>(
  file: string,
  fields: readonly field[] = [],
): (ProcessRecord & Record<field, string>) | undefined {
  const record = readProcessRecord(file, fields);
  return record !== undefined && isProcessAlive(record.pid) ? record : undefined;
}

/** Removes `file` if it still records `pid` (a newer process may have replaced it since). */
export function removeProcessRecord(file: string, pid: number): void {
  if (readProcessRecord(file)?.pid === pid) rmSync(file, { force: true });
}

/** Whether a process with this id exists (EPERM: it does, but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type StopRecordedProcessParameters<error extends CitySyncError> = {
  /** For messages: `anvil`, `verdaccio`. */
  name: string;
  /** How long to wait after SIGTERM before SIGKILL. Default: 10 000 ms. */
  graceMs?: number | undefined;
  /** The caller's error for a process that survives SIGKILL. */
  stopError: new (shortMessage: string, options?: CitySyncErrorOptions) => error;
};

const KILL_WAIT_MS = 2_000;
const POLL_MS = 100;

/**
 * Stops the process `file` records, by pid (it need not be a child of this process): SIGTERM, SIGKILL after the
 * grace period, then removes the file. Resolves `{ stopped: false }` when none was running (a stale file is
 * removed); throws `stopError` if the process survives SIGKILL.
 */
export async function stopRecordedProcess<error extends CitySyncError>(
  file: string,
  parameters: StopRecordedProcessParameters<error>,
): Promise<{ stopped: boolean; pid?: number | undefined }> {
  const record = readProcessRecord(file);
  if (record === undefined || !isProcessAlive(record.pid)) {
    rmSync(file, { force: true });
    return { stopped: false };
  }
  const { pid } = record;
  process.kill(pid, 'SIGTERM');
  if (!(await waitForPidExit(pid, parameters.graceMs ?? 10_000))) {
    process.kill(pid, 'SIGKILL');
    if (!(await waitForPidExit(pid, KILL_WAIT_MS))) {
      throw new parameters.stopError(`${parameters.name} (pid ${pid}) did not exit after SIGTERM and SIGKILL.`, {
        details: `Stop it by hand, then delete ${file}.`,
      });
    }
  }
  rmSync(file, { force: true });
  return { stopped: true, pid };
}

async function waitForPidExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await new Promise<void>((resolve) => setTimeout(resolve, POLL_MS));
  }
  return !isProcessAlive(pid);
}
