import { type Address, encodeFunctionData, isAddressEqual, zeroAddress } from 'viem';
import { readContract } from 'viem/actions';

import { CommitteeAbi, IssuanceControllerAbi, ModuleKernelAbi, TaskBoardAbi } from '@citysync/contracts';
import type { ReadModuleDirectoryReturnType } from '@citysync/module-kit';
import { checkModuleCompatibility } from '../modules/checkModuleCompatibility.js';
import { moduleBudgetOf } from '../modules/checkModuleCompatibility.js';
import { prepareModuleInstall } from '../modules/prepareModuleInstall.js';
import type { CityContracts, CommitteeName } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import { toId } from '../utils/toId.js';
import { OperationNotMemberError } from './errors.js';
import { type OperationPlan, type OperationStep, newOperationId } from './operationRecord.js';
import { readOperation, type OperationStatus } from './readOperations.js';
import { type SignedStep, signOperationSteps } from './signOperationSteps.js';

export type ProposeInstallOperationParameters = {
  city: CityContracts;
  /** The package, from readModuleDirectory (verified by the caller when it comes from a registry). */
  module: ReadModuleDirectoryReturnType;
  /** Resolved parameter values (resolveModuleParameters). */
  parameters: Readonly<Record<string, number>>;
  /** `update` replaces the installed version. Default: `install`. */
  kind?: 'install' | 'update' | undefined;
  /** Where the package came from (a registry install writes the lockfile on completion). Default: `directory`. */
  source?: 'registry' | 'directory' | undefined;
};

export type ProposeInstallOperationReturnType = {
  operation: string;
  plan: OperationPlan;
  /** What the proposer sent for its own committees. */
  signed: SignedStep[];
  status: OperationStatus;
};

/**
 * Proposes installing (or updating) a module as one operation. Every check runs first (compatibility with the city,
 * the proposer a member of at least one committee the operation needs); then the kernel's prepare (anyone may send
 * it: the setup deploys the module, so its address is known), and the proposer proposes, in one round, every step
 * of its own committees. The plan, in execution order: the modules committee's approval of the preparation, the
 * kernel's apply, the task policy (modules committee), each catalog type's rate bounds (rates), and last the budget
 * line (issuance), so no task is funded before the rules that bound it are in force. Members of the other committees
 * propose and approve their steps with {@link approveOperation}; anyone carries it out with {@link applyOperation}.
 *
 * @example
 * const { operation } = await proposeInstallOperation(parksWallet, { city, module: pkg, parameters: values })
 */
export async function proposeInstallOperation(
  client: CityWalletClient,
  parameters: ProposeInstallOperationParameters,
): Promise<ProposeInstallOperationReturnType> {
  const { city, module: pkg, parameters: values } = parameters;
  const kind = parameters.kind ?? 'install';
  const { manifest } = pkg;
  const budget = moduleBudgetOf(pkg, values);
  const rateBounds = await checkModuleCompatibility(client, { city, module: pkg, operation: kind });
  const moduleId = toId(manifest.name);
  const [currentBudget, currentPolicy] = await Promise.all([
    readContract(client, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'moduleBudget', args: [moduleId] }),
    readContract(client, { address: city.taskBoard, abi: TaskBoardAbi, functionName: 'modulePolicy', args: [moduleId] }),
  ]);
  const committees: CommitteeName[] = [
    'modules',
    ...(rateBounds.some((b) => !b.already) ? (['rates'] as const) : []),
    ...(currentBudget !== budget ? (['issuance'] as const) : []),
  ];
  await requireMember(client, city, committees);

  const prepared = await prepareModuleInstall(client, { city, module: pkg, parameters: values, operation: kind });
  const steps: OperationStep[] = [
    {
      id: 'kernel.approve',
      type: 'proposal',
      committee: 'modules',
      target: city.kernel,
      data: encodeFunctionData({ abi: ModuleKernelAbi, functionName: 'approve', args: [prepared.preparationId] }),
      label: `approve ${kind === 'update' ? 'updating to' : 'installing'} ${manifest.name}@${manifest.version} (preparation ${prepared.preparationId}, content hash ${pkg.contentHash})`,
    },
    {
      id: 'kernel.apply',
      type: 'kernel.apply',
      preparationId: prepared.preparationId.toString(),
      contentHash: pkg.contentHash,
      label: `apply preparation ${prepared.preparationId}: the kernel grants the module's roles`,
    },
  ];
  if (manifest.taskPolicy === true) {
    steps.push({
      id: 'taskPolicy',
      type: 'proposal',
      committee: 'modules',
      target: city.taskBoard,
      data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'setModulePolicy', args: [moduleId, prepared.module] }),
      label: `task policy of ${manifest.name}: every task published under it must pass ${prepared.module}'s rules`,
    });
  } else if (currentPolicy !== zeroAddress) {
    steps.push({
      id: 'taskPolicy',
      type: 'proposal',
      committee: 'modules',
      target: city.taskBoard,
      data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'setModulePolicy', args: [moduleId, zeroAddress] }),
      label: `${manifest.name}: no task policy from version ${manifest.version}`,
    });
  }
  for (const bounds of rateBounds.filter((b) => !b.already)) {
    steps.push({
      id: `rateBounds:${bounds.taskType}`,
      type: 'proposal',
      committee: 'rates',
      target: city.issuance,
      data: encodeFunctionData({ abi: IssuanceControllerAbi, functionName: 'setRateBounds', args: [toId(bounds.taskType), bounds.min, bounds.max] }),
      label: `rates of ${bounds.taskType} in [${bounds.min}, ${bounds.max}]`,
    });
  }
  if (currentBudget !== budget) {
    steps.push({
      id: 'budget',
      type: 'proposal',
      committee: 'issuance',
      target: city.issuance,
      data: encodeFunctionData({ abi: IssuanceControllerAbi, functionName: 'setModuleBudget', args: [moduleId, budget] }),
      label: `budget line of ${manifest.name}: ${budget} credits per period`,
    });
  }
  const plan: OperationPlan = {
    operation: newOperationId(),
    kind,
    subject: {
      name: manifest.name,
      version: manifest.version,
      contentHash: pkg.contentHash,
      module: prepared.module,
      preparationId: prepared.preparationId.toString(),
      source: parameters.source ?? 'directory',
    },
    steps,
  };
  const signed = await signOperationSteps(client, city, plan, []);
  const status = await readOperation(client, { city, operation: plan.operation });
  return { operation: plan.operation, plan, signed, status };
}

/** Refuses, before anything is sent, a proposer in none of `committees`: nothing of the operation could be recorded. */
export async function requireMember(client: CityWalletClient, city: Pick<CityContracts, 'committees'>, committees: readonly CommitteeName[]): Promise<void> {
  const memberships = await Promise.all(
    [...new Set(committees)].map(async (name) => {
      const [members] = await readContract(client, { address: city.committees[name], abi: CommitteeAbi, functionName: 'membership' });
      return { name, members };
    }),
  );
  if (!memberships.some((m) => m.members.some((a: Address) => isAddressEqual(a, client.account.address)))) {
    throw new OperationNotMemberError(client.account.address, memberships);
  }
}
