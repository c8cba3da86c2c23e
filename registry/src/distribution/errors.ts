// Typed errors of publishing, auditing and yanking module versions. Each is thrown by a check made before anything
// is sent, so the registry chain and the npm registry are unchanged when one is thrown.
import type { Address } from 'viem';

import { CitySyncError, type CitySyncErrorOptions } from '@citysync/sdk';

/** `dpan.json#/forkedFrom` names a version the ModuleRegistry has not recorded. */
export class UnknownForkSourceError extends CitySyncError {
  override name = 'UnknownForkSourceError';
  /** `dpan.json#/forkedFrom`. */
  readonly location = 'dpan.json#/forkedFrom';
  readonly forkedFrom: string;

  constructor(forkedFrom: string, problem: string, options: CitySyncErrorOptions = {}) {
    super(`dpan.json#/forkedFrom: ${problem}`, {
      details:
        'A fork names the recorded name@version it was copied from (dpan info <name> lists them). ' +
        'Fix the value, or set it to null for a module that is not a fork.',
      ...options,
    });
    this.forkedFrom = forkedFrom;
  }
}

/** The ModuleRegistry already records this name@version with other tarball bytes: a version is recorded once. */
export class ModuleVersionConflictError extends CitySyncError {
  override name = 'ModuleVersionConflictError';
  readonly packageId: string;
  /** What the chain records. */
  readonly recordedIntegrity: string;
  /** What this package packs to. */
  readonly integrity: string;

  constructor(packageId: string, recordedIntegrity: string, integrity: string) {
    super(
      `${packageId} is already recorded on the ModuleRegistry with other bytes (integrity ${recordedIntegrity}). ` +
        'A recorded version never changes: bump the version in package.json and dpan.json, then publish the new version.',
      { details: `recorded ${recordedIntegrity}\nthis one ${integrity}` },
    );
    this.packageId = packageId;
    this.recordedIntegrity = recordedIntegrity;
    this.integrity = integrity;
  }
}

/** The version was recorded on chain but the npm registry did not take the tarball: running the publish again completes it. */
export class ModulePublishIncompleteError extends CitySyncError {
  override name = 'ModulePublishIncompleteError';
  readonly packageId: string;

  constructor(packageId: string, recordedIn: string | undefined, cause: unknown) {
    const problem = cause instanceof CitySyncError ? cause.shortMessage : cause instanceof Error ? cause.message : String(cause);
    super(
      `${packageId} is recorded on the ModuleRegistry${recordedIn === undefined ? '' : ` (tx ${recordedIn})`}, ` +
        `but the npm registry did not take the tarball: ${problem}`,
      { details: 'Fix the cause and run the same publish again: it skips the chain record and publishes the same bytes.', cause },
    );
    this.packageId = packageId;
  }
}

/** The tarball would not hold the files the manifest hash covers, so an installer could not check it. */
export class ModuleTarballContentError extends CitySyncError {
  override name = 'ModuleTarballContentError';

  constructor(packageId: string, problem: string, options: CitySyncErrorOptions = {}) {
    super(`The tarball of ${packageId} ${problem}.`, {
      details:
        'package.json "files" must include dpan.json, the files it names and the contracts/ and artifacts/ folders: ' +
        'an installer recomputes the manifest hash from the unpacked tarball.',
      ...options,
    });
  }
}

/** The account does not maintain the package name, so it may not publish or yank its versions. */
export class NotModuleMaintainerError extends CitySyncError {
  override name = 'NotModuleMaintainerError';
  readonly packageName: string;
  readonly account: Address;
  readonly maintainers: readonly Address[];

  constructor(packageName: string, account: Address, maintainers: readonly Address[], action: string) {
    super(`${account} is not a maintainer of ${packageName}, so it cannot ${action}.`, {
      details:
        `maintainers: ${maintainers.length > 0 ? maintainers.join(', ') : 'none'}\n` +
        'Sign as one of them (--account / --private-key), or ask one to add you (ModuleRegistry.addMaintainer).',
    });
    this.packageName = packageName;
    this.account = account;
    this.maintainers = maintainers;
  }
}

/** The ModuleRegistry has no record of name@version. */
export class ModuleVersionNotRecordedError extends CitySyncError {
  override name = 'ModuleVersionNotRecordedError';
  readonly packageName: string;
  readonly version: string;
  /** The versions of the name it does record, in publish order. */
  readonly recorded: readonly string[];

  constructor(packageName: string, version: string, recorded: readonly string[]) {
    super(`${packageName}@${version} is not recorded on the ModuleRegistry.`, {
      details:
        recorded.length > 0
          ? `Recorded versions of ${packageName}: ${recorded.join(', ')}. Name one of them.`
          : `${packageName} has no recorded version: publish it first (dpan publish <dir>), or check the name and --registry-rpc.`,
    });
    this.packageName = packageName;
    this.version = version;
    this.recorded = recorded;
  }
}

/** The signer is not an accredited auditor of the ModuleRegistry. */
export class NotAccreditedAuditorError extends CitySyncError {
  override name = 'NotAccreditedAuditorError';
  readonly account: Address;

  constructor(account: Address) {
    super(`${account} is not an accredited auditor on the ModuleRegistry, so its attestation would not be recorded.`, {
      details: `The registry council accredits auditors: dpan registry auditor ${account} --name "<who>" (signed by a council member).`,
    });
    this.account = account;
  }
}

/** The auditor already holds a live attestation of this version (one per auditor and version). */
export class AttestationExistsError extends CitySyncError {
  override name = 'AttestationExistsError';

  constructor(packageId: string, auditor: Address, verdict: string) {
    super(`${auditor} already attested ${packageId} (${verdict}).`, {
      details: `To change the verdict, revoke it first (dpan audit ${packageId} --revoke), then attest again; the history keeps both.`,
    });
  }
}

/** The auditor has no live attestation of this version to revoke. */
export class NoLiveAttestationError extends CitySyncError {
  override name = 'NoLiveAttestationError';

  constructor(packageId: string, auditor: Address) {
    super(`${auditor} has no live attestation of ${packageId} to revoke.`, {
      details: 'Only the auditor that attested can revoke, once; check --account (dpan info shows the attestations).',
    });
  }
}

/** An audit report with no content: its hash would vouch for nothing. */
export class EmptyAuditReportError extends CitySyncError {
  override name = 'EmptyAuditReportError';

  constructor(packageId: string) {
    super(`The audit report of ${packageId} is empty.`, {
      details: 'Attest with the report document itself (--report <file>); its keccak256 is recorded.',
    });
  }
}

/** The version is yanked already; a yank is permanent and happens once. */
export class ModuleVersionYankedError extends CitySyncError {
  override name = 'ModuleVersionYankedError';
  readonly reason: string;

  constructor(packageId: string, yank: { at: number; reason: string }) {
    super(`${packageId} was already yanked on ${new Date(yank.at * 1000).toISOString()}: "${yank.reason}".`, {
      details: 'Nothing to do: a yank is permanent. Publish a fixed version for cities to move to.',
    });
    this.reason = yank.reason;
  }
}

/** A yank reason must say why, in 1..1024 bytes (what the ModuleRegistry accepts). */
export class InvalidYankReasonError extends CitySyncError {
  override name = 'InvalidYankReasonError';
  readonly bytes: number;

  constructor(bytes: number, maxBytes: number) {
    super(
      bytes === 0
        ? 'A yank needs a reason: say why cities should not install the version (--reason <text>).'
        : `The yank reason is ${bytes} bytes; the ModuleRegistry keeps at most ${maxBytes}. Shorten it and link to the details.`,
    );
    this.bytes = bytes;
  }
}
