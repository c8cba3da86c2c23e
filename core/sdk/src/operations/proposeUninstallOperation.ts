import { encodeFunctionData, zeroAddress } from 'viem';
import { readContract } from 'viem/actions';

import { IssuanceControllerAbi, ModuleKernelAbi, TaskBoardAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import { ModuleIncompatibleError } from '../modules/errors.js';
import type { CityContracts, CommitteeName } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import { toId } from '../utils/toId.js';
import { type OperationPlan, type OperationStep, newOperationId } from './operationRecord.js';
import { requireMember } from './proposeInstallOperation.js';
import type { ProposeInstallOperationReturnType } from './proposeInstallOperation.js';
import { readOperation } from './readOperations.js';
import { signOperationSteps } from './signOperationSteps.js';

export type ProposeUninstallOperationParameters = {
  city: CityContracts;
  name: string;
  /** Whether the module came from a registry (its lockfile entry goes on completion). Default: `directory`. */
  source?: 'registry' | 'directory' | undefined;
};

export type ProposeUninstallOperationReturnType = ProposeInstallOperationReturnType;

/**
 * Proposes uninstalling a module as one operation: the kernel's prepareUninstall (anyone), then, in order, the
 * modules committee's approval, the kernel's apply (every role the module held is revoked), its budget line closed
 * (issuance), and its task policy cleared (modules) last, so no budget stays open without the module's rules.
 *
 * @example
 * const { operation } = await proposeUninstallOperation(parksWallet, { city, name: '@citysync/dpan-general-economy' })
 */
export async function proposeUninstallOperation(
  client: CityWalletClient,
  parameters: ProposeUninstallOperationParameters,
): Promise<ProposeUninstallOperationReturnType> {
  const { city, name } = parameters;
  const installation = await readContract(client, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [name] });
  if (!installation.installed) {
    throw new ModuleIncompatibleError(`${name} is not installed in this city.`, { details: 'dpan status lists the installed modules.' });
  }
  const moduleId = toId(name);
  const [budget, policy] = await Promise.all([
    readContract(client, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'moduleBudget', args: [moduleId] }),
    readContract(client, { address: city.taskBoard, abi: TaskBoardAbi, functionName: 'modulePolicy', args: [moduleId] }),
  ]);
  const committees: CommitteeName[] = ['modules', ...(budget !== 0n ? (['issuance'] as const) : [])];
  await requireMember(client, city, committees);

  const receipt = await sendCall(client, {
    to: city.kernel,
    data: encodeFunctionData({ abi: ModuleKernelAbi, functionName: 'prepareUninstall', args: [name] }),
    functionName: 'prepareUninstall',
  });
  const { preparationId } = firstEventOf(receipt, ModuleKernelAbi, 'ModulePrepared', city.kernel).args;
  const steps: OperationStep[] = [
    {
      id: 'kernel.approve',
      type: 'proposal',
      committee: 'modules',
      target: city.kernel,
      data: encodeFunctionData({ abi: ModuleKernelAbi, functionName: 'approve', args: [preparationId] }),
      label: `approve uninstalling ${name}@${installation.version} (preparation ${preparationId})`,
    },
    {
      id: 'kernel.apply',
      type: 'kernel.apply',
      preparationId: preparationId.toString(),
      contentHash: installation.contentHash,
      label: `apply preparation ${preparationId}: the kernel revokes every role of the module`,
    },
  ];
  if (budget !== 0n) {
    steps.push({
      id: 'budget',
      type: 'proposal',
      committee: 'issuance',
      target: city.issuance,
      data: encodeFunctionData({ abi: IssuanceControllerAbi, functionName: 'setModuleBudget', args: [moduleId, 0n] }),
      label: `${name} uninstalled: close its budget line`,
    });
  }
  if (policy !== zeroAddress) {
    steps.push({
      id: 'taskPolicy',
      type: 'proposal',
      committee: 'modules',
      target: city.taskBoard,
      data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'setModulePolicy', args: [moduleId, zeroAddress] }),
      label: `${name} uninstalled: clear its task policy`,
    });
  }
  const plan: OperationPlan = {
    operation: newOperationId(),
    kind: 'uninstall',
    subject: {
      name,
      version: installation.version,
      contentHash: installation.contentHash,
      module: installation.module,
      preparationId: preparationId.toString(),
      source: parameters.source ?? 'directory',
    },
    steps,
  };
  const signed = await signOperationSteps(client, city, plan, []);
  const status = await readOperation(client, { city, operation: plan.operation });
  return { operation: plan.operation, plan, signed, status };
}
