import { ModuleRegistryAbi } from '@citysync/contracts';
import { type Address, type Hex, type TransactionReceipt, encodeFunctionData, keccak256, toHex } from 'viem';

import { eventsOf, sendCall } from '@citysync/sdk';
import type { CityWalletClient } from '@citysync/sdk';
import { integrityToDigest } from './integrity.js';
import { type AttestationVerdict, VERDICTS } from './readModuleVersion.js';

type Write = { moduleRegistry: Address };

async function send(wallet: CityWalletClient, to: Address, data: Hex, functionName: string): Promise<TransactionReceipt> {
  return await sendCall(wallet, { to, data, functionName });
}

export type RecordModuleVersionParameters = Write & {
  name: string;
  version: string;
  /** `sha512-<base64>` of the tarball. */
  integrity: string;
  /** The module's content hash (what the city's kernel will record at install). */
  manifestHash: Hex;
  /** `name@version` of the recorded source of a fork, or undefined. */
  forkedFrom?: string | undefined;
  /** keccak256 of the setup's creation code (readModuleDirectory's `setupCodeHash`); undefined: none recorded. */
  setupCodeHash?: Hex | undefined;
};

/**
 * Records a published version on chain (ModuleRegistry.publishWithSetupCode, or publish without a setup code hash);
 * the signer becomes or must be a maintainer.
 */
export async function recordModuleVersion(wallet: CityWalletClient, parameters: RecordModuleVersionParameters): Promise<TransactionReceipt> {
  const { moduleRegistry, name, version, manifestHash, setupCodeHash } = parameters;
  const digest = integrityToDigest(parameters.integrity);
  const forkedFrom = parameters.forkedFrom ?? '';
  if (setupCodeHash === undefined) {
    const data = encodeFunctionData({ abi: ModuleRegistryAbi, functionName: 'publish', args: [name, version, digest, manifestHash, forkedFrom] });
    return await send(wallet, moduleRegistry, data, 'publish');
  }
  const data = encodeFunctionData({
    abi: ModuleRegistryAbi,
    functionName: 'publishWithSetupCode',
    args: [name, version, digest, manifestHash, forkedFrom, setupCodeHash],
  });
  return await send(wallet, moduleRegistry, data, 'publishWithSetupCode');
}

export type AttestModuleVersionParameters = Write & {
  name: string;
  version: string;
  /** The audit report's bytes: their keccak256 is recorded, so anyone holding the report can check it. */
  report: Uint8Array;
  verdict: AttestationVerdict;
};

/** An accredited auditor's verdict on `name@version`, bound to the hash of its report. Returns the report hash. */
export async function attestModuleVersion(
  wallet: CityWalletClient,
  parameters: AttestModuleVersionParameters,
): Promise<{ reportHash: Hex; receipt: TransactionReceipt }> {
  const reportHash = keccak256(toHex(parameters.report));
  const data = encodeFunctionData({
    abi: ModuleRegistryAbi,
    functionName: 'attest',
    args: [parameters.name, parameters.version, reportHash, VERDICTS.indexOf(parameters.verdict)],
  });
  return { reportHash, receipt: await send(wallet, parameters.moduleRegistry, data, 'attest') };
}

/** Withdraws the signer's live attestation of `name@version` (kept in the history as revoked). */
export async function revokeModuleAttestation(wallet: CityWalletClient, parameters: Write & { name: string; version: string }): Promise<TransactionReceipt> {
  const data = encodeFunctionData({ abi: ModuleRegistryAbi, functionName: 'revokeAttestation', args: [parameters.name, parameters.version] });
  return await send(wallet, parameters.moduleRegistry, data, 'revokeAttestation');
}

/**
 * Yanks `name@version` for good, with a reason: the registry council's yank (`council: true`) acts at once; a
 * maintainer's is a vote, and the maintainer quorum's vote for the same reason yanks it (`yanked` says whether this
 * one did; `votes` of `quorum` so far).
 */
export async function yankModuleVersion(
  wallet: CityWalletClient,
  parameters: Write & { name: string; version: string; reason: string; council?: boolean | undefined },
): Promise<{ receipt: TransactionReceipt; yanked: boolean; votes: bigint | undefined; quorum: bigint | undefined }> {
  const functionName = parameters.council === true ? 'councilYank' : 'yank';
  const data = encodeFunctionData({ abi: ModuleRegistryAbi, functionName, args: [parameters.name, parameters.version, parameters.reason] });
  const receipt = await send(wallet, parameters.moduleRegistry, data, functionName);
  const yanked = eventsOf(receipt, ModuleRegistryAbi, 'VersionYanked', parameters.moduleRegistry).length > 0;
  const [vote] = eventsOf(receipt, ModuleRegistryAbi, 'MaintainerVoteCast', parameters.moduleRegistry);
  return { receipt, yanked, votes: vote?.args.votes, quorum: vote?.args.quorum };
}

/** The registry council accredits an auditor; `metadata` (who they are, where their reports live) is hashed. */
export async function accreditAuditor(
  wallet: CityWalletClient,
  parameters: Write & { auditor: Address; metadata: string },
): Promise<TransactionReceipt> {
  const data = encodeFunctionData({
    abi: ModuleRegistryAbi,
    functionName: 'accreditAuditor',
    args: [parameters.auditor, keccak256(toHex(parameters.metadata))],
  });
  return await send(wallet, parameters.moduleRegistry, data, 'accreditAuditor');
}
