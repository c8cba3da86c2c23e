import { type Address, type Hash, type Hex, isAddressEqual } from 'viem';

import type { ContractRevertError } from '@citysync/sdk';
import type { CityWalletClient } from '@citysync/sdk';
import {
  AttestationExistsError,
  EmptyAuditReportError,
  ModuleVersionNotRecordedError,
  NoLiveAttestationError,
  NotAccreditedAuditorError,
} from './errors.js';
import {
  type AttestationVerdict,
  type ModuleAttestation,
  type ModuleVersionRecord,
  readIsAuditor,
  readModuleVersion,
  readModuleVersions,
} from './readModuleVersion.js';
import type { RegistryNetworkClients } from './registryNetwork.js';
import { attestModuleVersion, revokeModuleAttestation } from './writeModuleRegistry.js';

export type AuditModuleParameters = {
  /** The registry network (from openRegistryNetwork). */
  network: RegistryNetworkClients;
  name: string;
  version: string;
  /** The audit report's bytes: their keccak256 is recorded, so anyone holding the report can check it. */
  report: Uint8Array;
  verdict: AttestationVerdict;
};

export type AuditModuleReturnType = {
  name: string;
  version: string;
  verdict: AttestationVerdict;
  /** keccak256 of the report, as recorded. */
  reportHash: Hex;
  auditor: Address;
  transactionHash: Hash;
};

export type AuditModuleErrorType =
  | EmptyAuditReportError
  | ModuleVersionNotRecordedError
  | NotAccreditedAuditorError
  | AttestationExistsError
  | ContractRevertError;

/**
 * An accredited auditor's verdict on a recorded version, bound to the hash of its report. Refused before anything
 * is sent when the report is empty, the version is not recorded, the signer is not an accredited auditor, or it
 * already holds a live attestation of the version (revoke it first with {@link revokeAudit}).
 *
 * @example
 * const { reportHash } = await auditModule(network.walletOf(auditor), {
 *   network, name: '@berkeley/dpan-disaster-prep', version: '1.0.0', report: readFileSync('audit.pdf'), verdict: 'pass',
 * });
 */
export async function auditModule(wallet: CityWalletClient, parameters: AuditModuleParameters): Promise<AuditModuleReturnType> {
  const { network, name, version, verdict } = parameters;
  const auditor = wallet.account.address;
  if (parameters.report.length === 0) throw new EmptyAuditReportError(`${name}@${version}`);
  const record = await readRecordedModuleVersion(network, name, version);
  if (!(await readIsAuditor(network.publicClient, network.moduleRegistry, auditor))) throw new NotAccreditedAuditorError(auditor);
  const live = liveAttestationOf(record, auditor);
  if (live !== undefined) throw new AttestationExistsError(`${name}@${version}`, auditor, live.verdict);

  const { reportHash, receipt } = await attestModuleVersion(wallet, {
    moduleRegistry: network.moduleRegistry,
    name,
    version,
    report: parameters.report,
    verdict,
  });
  return { name, version, verdict, reportHash, auditor, transactionHash: receipt.transactionHash };
}

export type RevokeAuditParameters = { network: RegistryNetworkClients; name: string; version: string };

export type RevokeAuditReturnType = {
  name: string;
  version: string;
  auditor: Address;
  /** The verdict withdrawn. */
  verdict: AttestationVerdict;
  transactionHash: Hash;
};

export type RevokeAuditErrorType = ModuleVersionNotRecordedError | NoLiveAttestationError | ContractRevertError;

/**
 * Withdraws the signer's live attestation of a recorded version (kept in the history as revoked; it stops counting
 * toward any city's install policy). Allowed after the auditor lost its accreditation too. Refused before sending
 * when the version is not recorded or the signer has no live attestation of it.
 */
export async function revokeAudit(wallet: CityWalletClient, parameters: RevokeAuditParameters): Promise<RevokeAuditReturnType> {
  const { network, name, version } = parameters;
  const auditor = wallet.account.address;
  const record = await readRecordedModuleVersion(network, name, version);
  const live = liveAttestationOf(record, auditor);
  if (live === undefined) throw new NoLiveAttestationError(`${name}@${version}`, auditor);
  const receipt = await revokeModuleAttestation(wallet, { moduleRegistry: network.moduleRegistry, name, version });
  return { name, version, auditor, verdict: live.verdict, transactionHash: receipt.transactionHash };
}

/**
 * The chain's record of name@version, or {@link ModuleVersionNotRecordedError} naming the versions it does record:
 * what auditing, revoking and yanking check first.
 */
export async function readRecordedModuleVersion(network: RegistryNetworkClients, name: string, version: string): Promise<ModuleVersionRecord> {
  const record = await readModuleVersion(network.publicClient, network.moduleRegistry, name, version);
  if (record === undefined) {
    throw new ModuleVersionNotRecordedError(name, version, await readModuleVersions(network.publicClient, network.moduleRegistry, name));
  }
  return record;
}

/** The auditor's live (unrevoked) attestation of the version: the contract allows one at a time. */
function liveAttestationOf(record: ModuleVersionRecord, auditor: Address): ModuleAttestation | undefined {
  return record.attestations.find((a) => !a.revoked && isAddressEqual(a.auditor, auditor));
}
