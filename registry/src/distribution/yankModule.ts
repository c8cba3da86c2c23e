import { ModuleRegistryAbi } from '@citysync/contracts';
import type { Address, Hash } from 'viem';
import { readContract } from 'viem/actions';

import type { ContractRevertError } from '@citysync/sdk';
import type { CityWalletClient } from '@citysync/sdk';
import { readRecordedModuleVersion } from './auditModule.js';
import {
  InvalidYankReasonError,
  type ModuleVersionNotRecordedError,
  ModuleVersionYankedError,
  NotModuleMaintainerError,
} from './errors.js';
import type { RegistryNetworkClients } from './registryNetwork.js';
import { yankModuleVersion } from './writeModuleRegistry.js';

/** The longest reason the ModuleRegistry keeps (its MAX_REASON_LENGTH), in UTF-8 bytes. */
export const MAX_YANK_REASON_BYTES = 1024;

export type YankModuleParameters = {
  /** The registry network (from openRegistryNetwork). */
  network: RegistryNetworkClients;
  name: string;
  version: string;
  /** Why cities should not install it (1..1024 UTF-8 bytes): shown by installs that refuse it and in advisories. */
  reason: string;
};

export type YankModuleReturnType = {
  name: string;
  version: string;
  reason: string;
  /** The maintainer that yanked it or voted to. */
  by: Address;
  /**
   * Whether it is now yanked. Of several maintainers, a yank is a vote: a majority of the maintainers, voting for the
   * same reason, yanks it (the registry council can yank at once).
   */
  yanked: boolean;
  /** Votes for this yank and reason so far, and the quorum that carries it. */
  votes: bigint;
  quorum: bigint;
  transactionHash: Hash;
};

export type YankModuleErrorType =
  | InvalidYankReasonError
  | ModuleVersionNotRecordedError
  | ModuleVersionYankedError
  | NotModuleMaintainerError
  | ContractRevertError;

/**
 * Yanks a recorded version for good, with a reason, as a maintainer of its name: installs refuse it and cities that
 * have it installed see an advisory. When the name has co-maintainers this is a vote, and a majority of them voting
 * for the same reason yanks it (so no single co-maintainer can yank a module). Refused before sending when the reason is empty or too long, the version is not
 * recorded or already yanked, or the signer is not a maintainer.
 *
 * @example
 * await yankModule(network.walletOf(maintainer), {
 *   network, name: '@berkeley/dpan-disaster-prep', version: '1.0.0', reason: 'drill rate bounds allow 10x overpayment; use 1.0.1',
 * });
 */
export async function yankModule(wallet: CityWalletClient, parameters: YankModuleParameters): Promise<YankModuleReturnType> {
  const { network, name, version, reason } = parameters;
  const by = wallet.account.address;
  const bytes = Buffer.byteLength(reason, 'utf8');
  if (reason.trim() === '' || bytes > MAX_YANK_REASON_BYTES) throw new InvalidYankReasonError(reason.trim() === '' ? 0 : bytes, MAX_YANK_REASON_BYTES);
  const record = await readRecordedModuleVersion(network, name, version);
  if (record.yank !== undefined) throw new ModuleVersionYankedError(`${name}@${version}`, record.yank);
  await requireMaintainer(network, name, by, { action: `yank ${name}@${version}` });

  const { receipt, yanked, votes, quorum } = await yankModuleVersion(wallet, { moduleRegistry: network.moduleRegistry, name, version, reason });
  return { name, version, reason, by, yanked, votes: votes ?? 1n, quorum: quorum ?? 1n, transactionHash: receipt.transactionHash };
}

/**
 * Throws {@link NotModuleMaintainerError} (naming the maintainers) unless `account` maintains `name`
 * (ModuleRegistry.isMaintainer). With `claimable`, a name nobody maintains yet passes: its first publisher claims it.
 */
export async function requireMaintainer(
  network: RegistryNetworkClients,
  name: string,
  account: Address,
  options: { action: string; claimable?: boolean | undefined },
): Promise<void> {
  const read = { address: network.moduleRegistry, abi: ModuleRegistryAbi } as const;
  if (await readContract(network.publicClient, { ...read, functionName: 'isMaintainer', args: [name, account] })) return;
  const maintainers = await readContract(network.publicClient, { ...read, functionName: 'maintainers', args: [name] });
  if (maintainers.length === 0 && options.claimable === true) return;
  throw new NotModuleMaintainerError(name, account, maintainers, options.action);
}
