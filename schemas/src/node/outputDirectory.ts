import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Builds the caller's own error for an output directory it must not write into (`problem`: "is a file", "is not empty"). */
export type OutputDirectoryError = (out: string, problem: string) => Error;

/**
 * Throws `refuse(out, problem)` unless `out` is missing or an empty directory: generated packages (forks, scaffolds)
 * never write over files.
 */
export function assertEmptyOutput(out: string, refuse: OutputDirectoryError): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw refuse(out, 'is a file');
  if (readdirSync(out).length > 0) throw refuse(out, 'is not empty');
}

/**
 * Moves a finished package from its staging directory into `out` (created; an empty `out` is replaced), checking
 * `out` again first. A rename when both are on one disk, else a copy that is removed whole if it fails, so `out`
 * holds the whole package or nothing.
 */
export function moveIntoOutput(dir: string, out: string, refuse: OutputDirectoryError): void {
  assertEmptyOutput(out, refuse);
  if (existsSync(out)) rmdirSync(out);
  mkdirSync(dirname(out), { recursive: true });
  try {
    renameSync(dir, out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    try {
      cpSync(dir, out, { recursive: true });
    } catch (copyError) {
      rmSync(out, { recursive: true, force: true });
      throw copyError;
    }
  }
}
