import type { Address } from 'viem';

import { CitySyncError, type CitySyncErrorOptions } from '@citysync/sdk';

/** The range matches no version a city may install (none published, or every match yanked or unrecorded). */
export class NoInstallableVersionError extends CitySyncError {
  override name = 'NoInstallableVersionError';
  constructor(spec: string, reasons: readonly string[], options: CitySyncErrorOptions = {}) {
    super(`No installable version of ${spec}.`, {
      details: reasons.length > 0 ? reasons.join('\n') : 'The registry has no version in that range.',
      ...options,
    });
  }
}

/** The version asked for is yanked on the ModuleRegistry: installs refuse it. */
export class ModuleYankedError extends CitySyncError {
  override name = 'ModuleYankedError';
  constructor(id: string, reason: string) {
    super(`${id} is yanked: ${reason}`, { details: 'Install another version (dpan info shows them), or a version range that skips it.' });
  }
}


/** The city's install policy wants more passing attestations from its trusted auditors than the version has. */
export class ModuleNotAuditedError extends CitySyncError {
  override name = 'ModuleNotAuditedError';
  constructor(id: string, have: number, need: number, trusted: readonly Address[], configFile: string) {
    super(`${id} has ${have} passing attestation(s) from the city's trusted auditors; its install policy needs ${need}.`, {
      details:
        `Trusted auditors (${configFile}#/installPolicy/trustedAuditors): ${trusted.join(', ') || 'none'}.\n` +
        `Ask one of them to audit it (dpan audit ${id} --report <file> --verdict pass), or change ${configFile}#/installPolicy.`,
    });
  }
}

/** A trusted auditor holds a live failing attestation of the version. */
export class ModuleAuditFailedError extends CitySyncError {
  override name = 'ModuleAuditFailedError';
  constructor(id: string, auditors: readonly Address[]) {
    super(`${id} failed its audit by the city's trusted auditor(s) ${auditors.join(', ')}.`, {
      details: 'Install a version that passed (dpan info shows each version\'s audits), or wait for a fixed release and its audit.',
    });
  }
}



/** The lockfile (dpan-lock.json) is unreadable or does not list the module. */
export class LockfileError extends CitySyncError {
  override name = 'LockfileError';
}
