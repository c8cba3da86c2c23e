import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { Address, Hex } from 'viem';

import { LockfileError } from './installErrors.js';
import type { AttestationVerdict } from './readModuleVersion.js';

/** One installed module, as `dpan install` verified it. */
export type LockedModule = {
  version: string;
  /** `sha512-<base64>` of the tarball, equal to the ModuleRegistry's record. */
  integrity: string;
  /** The content hash the ModuleRegistry and the city's kernel both record. */
  manifestHash: Hex;
  /** The module's main contract in this city. */
  module: Address;
  forkedFrom: string | undefined;
  /** The attestations seen at install (live ones; revocations since show in `dpan audit-installed`). */
  audits: { auditor: Address; verdict: AttestationVerdict; reportHash: Hex; attestedAt: number }[];
  /** The registry the module came from. */
  registry: { url: string; chainId: number; moduleRegistry: Address };
  /** ISO 8601. */
  installedAt: string;
};

/** `<city>/dpan-lock.json`: exactly what the city installed, so another machine can check or reproduce it. */
export type Lockfile = { lockfileVersion: 1; modules: Record<string, LockedModule> };

export const LOCKFILE_NAME = 'dpan-lock.json';

export const lockfilePath = (cityDir: string): string => join(resolve(cityDir), LOCKFILE_NAME);

/** The city's lockfile, or an empty one when the city has installed nothing through a registry. */
export function readLockfile(cityDir: string): Lockfile {
  const path = lockfilePath(cityDir);
  if (!existsSync(path)) return { lockfileVersion: 1, modules: {} };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new LockfileError(`${path} is not valid JSON.`, { cause: error, details: 'Restore it from version control; dpan install rewrites it.' });
  }
  const lock = value as Partial<Lockfile>;
  if (lock.lockfileVersion !== 1 || lock.modules === null || typeof lock.modules !== 'object') {
    throw new LockfileError(`${path}#/lockfileVersion: expected 1 with a "modules" object.`, { details: 'This dpan reads lockfile version 1.' });
  }
  return { lockfileVersion: 1, modules: lock.modules };
}

/** Writes the lockfile atomically (a reader never sees half a file); modules sorted by name for stable diffs. */
export function writeLockfile(cityDir: string, lock: Lockfile): void {
  const path = lockfilePath(cityDir);
  const modules = Object.fromEntries(Object.entries(lock.modules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ lockfileVersion: 1, modules }, null, 2)}\n`);
  renameSync(temp, path);
}
