import { type Address, type Hex, encodeFunctionData, zeroAddress } from 'viem';
import { readContract } from 'viem/actions';

import { IssuanceControllerAbi, ModuleKernelAbi, TaskBoardAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import { toId } from '../utils/toId.js';
import { type ScheduledDecision, type WaitForDelay, checkCommitteeMembers, executeDecisions, scheduleDecision } from './committeeDecision.js';
import { ModuleIncompatibleError, ModuleInstallIncompleteError } from './errors.js';

export type UninstallModuleParameters = {
  name: string;
  city: CityContracts;
  wallet: CityWalletClient;
  /** Members of the modules committee (approves, clears the task policy) and the issuance committee (closes the budget line). */
  committees: Record<'modules' | 'issuance', readonly CityWalletClient[]>;
  waitForDelay: WaitForDelay;
};

export type UninstallModuleReturnType = {
  name: string;
  version: string;
  contentHash: Hex;
  module: Address;
  preparationId: bigint;
  /** Whether a task policy was registered and is now cleared. */
  policyCleared: boolean;
  /** Whether a budget line was open and is now 0. */
  budgetClosed: boolean;
};

/**
 * Uninstalls a module through its committees: the kernel's prepareUninstall, the modules committee's approval, and
 * apply (every role the module held is revoked); then its task policy is cleared (modules committee) and its budget
 * line set to 0 (issuance committee), so nothing of it keeps acting in the city. Tasks already published stay on
 * the board (their credits are history); new ones under the module fail its budget check.
 */
export async function uninstallModule(parameters: UninstallModuleParameters): Promise<UninstallModuleReturnType> {
  const { name, city, wallet, committees, waitForDelay } = parameters;
  const installation = await readContract(wallet, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [name] });
  if (!installation.installed) {
    throw new ModuleIncompatibleError(`${name} is not installed in this city.`, { details: 'dpan status lists the installed modules.' });
  }
  await checkCommitteeMembers(wallet, city.committees.modules, 'modules', committees.modules);
  await checkCommitteeMembers(wallet, city.committees.issuance, 'issuance', committees.issuance);

  const prepared = await sendCall(wallet, {
    to: city.kernel,
    data: encodeFunctionData({ abi: ModuleKernelAbi, functionName: 'prepareUninstall', args: [name] }),
    functionName: 'prepareUninstall',
  });
  const { preparationId } = firstEventOf(prepared, ModuleKernelAbi, 'ModulePrepared', city.kernel).args;
  const approval = await scheduleDecision(city.committees.modules, committees.modules, {
    target: city.kernel,
    data: encodeFunctionData({ abi: ModuleKernelAbi, functionName: 'approve', args: [preparationId] }),
    description: `uninstall ${name}@${installation.version}`,
  });
  await executeDecisions(wallet, () => city.committees.modules, [approval], waitForDelay);
  await sendCall(wallet, {
    to: city.kernel,
    data: encodeFunctionData({ abi: ModuleKernelAbi, functionName: 'applyPreparation', args: [preparationId, installation.contentHash] }),
    functionName: 'applyPreparation',
  });

  const moduleId = toId(name);
  const result: UninstallModuleReturnType = {
    name,
    version: installation.version,
    contentHash: installation.contentHash,
    module: installation.module,
    preparationId,
    policyCleared: false,
    budgetClosed: false,
  };
  const remaining: string[] = [];
  try {
    const [policy, budget] = await Promise.all([
      readContract(wallet, { address: city.taskBoard, abi: TaskBoardAbi, functionName: 'modulePolicy', args: [moduleId] }),
      readContract(wallet, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'moduleBudget', args: [moduleId] }),
    ]);
    const decisions: (ScheduledDecision & { committee: Address })[] = [];
    if (policy !== zeroAddress) {
      remaining.push(`modules committee: setModulePolicy(${name}, 0x0)`);
      const d = await scheduleDecision(city.committees.modules, committees.modules, {
        target: city.taskBoard,
        data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'setModulePolicy', args: [moduleId, zeroAddress] }),
        description: `${name} uninstalled: clear its task policy`,
      });
      decisions.push({ ...d, committee: city.committees.modules });
    }
    if (budget !== 0n) {
      remaining.push(`issuance committee: setModuleBudget(${name}, 0)`);
      const d = await scheduleDecision(city.committees.issuance, committees.issuance, {
        target: city.issuance,
        data: encodeFunctionData({ abi: IssuanceControllerAbi, functionName: 'setModuleBudget', args: [moduleId, 0n] }),
        description: `${name} uninstalled: close its budget line`,
      });
      decisions.push({ ...d, committee: city.committees.issuance });
    }
    await executeDecisions(wallet, (d) => (d as ScheduledDecision & { committee: Address }).committee, decisions, waitForDelay);
    result.policyCleared = policy !== zeroAddress;
    result.budgetClosed = budget !== 0n;
  } catch (error) {
    throw new ModuleInstallIncompleteError([`uninstalled ${name}@${installation.version} (its roles are revoked)`], remaining, error);
  }
  return result;
}
