import type { Address } from 'viem';

import { CitySyncError, type CitySyncErrorOptions } from '../errors/base.js';

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

/** The version is not recorded on the ModuleRegistry: there is nothing to check its bytes or audits against. */
export class ModuleNotRecordedError extends CitySyncError {
  override name = 'ModuleNotRecordedError';
  constructor(id: string) {
    super(`${id} is in the npm registry but not recorded on the ModuleRegistry: its bytes and audits cannot be checked.`, {
      details: 'Ask its maintainer to publish it with `dpan publish`, which records it on chain.',
    });
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

/** The package's content does not hash to what the ModuleRegistry recorded for it. */
export class ModuleManifestMismatchError extends CitySyncError {
  override name = 'ModuleManifestMismatchError';
  constructor(id: string, recorded: string, computed: string) {
    super(`${id}: the package's content hash ${computed} differs from the ${recorded} recorded on the ModuleRegistry.`, {
      details: 'The package is not the one that was published and audited: do not install it; tell the registry council.',
    });
  }
}

/** The package's manifest names another package or version than the one resolved. */
export class ModuleIdentityError extends CitySyncError {
  override name = 'ModuleIdentityError';
}

/** The lockfile (dpan-lock.json) is unreadable or does not list the module. */
export class LockfileError extends CitySyncError {
  override name = 'LockfileError';
}
