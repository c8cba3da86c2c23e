import { type Address, type Hex, encodeFunctionData, keccak256, toBytes, zeroAddress } from 'viem';
import { readContract } from 'viem/actions';

import { createOffer } from '../actions/createOffer.js';
import { IssuanceControllerAbi, ModuleKernelAbi, TaskBoardAbi } from '@citysync/contracts';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import { toId } from '../utils/toId.js';
import { type ApplyModulePreparationErrorType, applyModulePreparation } from './applyModulePreparation.js';
import {
  type ScheduledDecision,
  type WaitForDelay,
  checkCommitteeMembers,
  executeDecisions,
  scheduleDecision,
} from './committeeDecision.js';
import { checkModuleCompatibility, moduleBudgetOf } from './checkModuleCompatibility.js';
import { ModuleIncompatibleError, ModuleInstallIncompleteError } from './errors.js';
import { type PrepareModuleInstallErrorType, prepareModuleInstall } from './prepareModuleInstall.js';
import {
  type ReadModuleDirectoryErrorType,
  type ResolveModuleParametersErrorType,
  readModuleDirectory,
  resolveModuleParameters,
} from '@citysync/module-kit';

export { MODULE_BUDGET_PARAMETER } from './checkModuleCompatibility.js';
/** Credits the tasks of any one issuer may issue under the module per period (optional; absent: no issuer budget). */
export const ISSUER_BUDGET_PARAMETER = 'budget.perIssuerPerPeriod';

export type InstallModuleStep =
  | { step: 'prepared'; preparationId: bigint; module: Address }
  | { step: 'approved'; preparationId: bigint }
  | { step: 'applied'; module: Address }
  | { step: 'configured'; decisions: number }
  | { step: 'offer'; offering: string; offerId: bigint };

export type InstallModuleParameters = {
  /** The module package's directory (holds dpan.json). */
  dir: string;
  city: CityContracts;
  /** Sends the setup deployment, the kernel's prepare and apply, and executes the committees' decisions. */
  wallet: CityWalletClient;
  /**
   * Member wallets of each committee the install goes through; the first proposes, the others approve in turn
   * until the threshold: modules (approve the preparation), issuance (the budget line), rates (task rate bounds).
   */
  committees: Record<'modules' | 'issuance' | 'rates', readonly CityWalletClient[]>;
  /** Accredited redeemers that open the module's standing offerings, by offering id; others are skipped. */
  redeemers?: Readonly<Record<string, CityWalletClient>> | undefined;
  /** Parameter values replacing the module's defaults, inside their bounds (e.g. `{ 'budget.perPeriod': 20000 }`). */
  overrides?: Readonly<Record<string, number>> | undefined;
  /** Waits out a committee's delay (on a dev chain: move the clock; elsewhere: wait for the chain). */
  waitForDelay: WaitForDelay;
  /** Progress, after each step. */
  onStep?: ((step: InstallModuleStep) => void) | undefined;
  /**
   * `update` replaces the installed version of the same module (kernel prepareUpdate: the old version's roles are
   * revoked, the new one's granted), then re-points its task policy at the new contract and applies a changed budget
   * line or rate bounds. Default: `install`.
   */
  operation?: 'install' | 'update' | undefined;
  /**
   * The setup code hash the ModuleRegistry recorded for this version at publish. The package's setup must hash to
   * it, and so must the setup the kernel recorded in the preparation, or nothing is approved. Default: the package's
   * own (readModuleDirectory's `setupCodeHash`).
   */
  expectedSetupCodeHash?: Hex | undefined;
};

export type InstallModuleReturnType = {
  name: string;
  version: string;
  contentHash: Hex;
  preparationId: bigint;
  setup: Address;
  /**
   * keccak256 of the setup's creation code, as the kernel recorded it, and what it was checked against before the
   * approval: the ModuleRegistry's record (`registry`) or the package's own artifact (`package`).
   */
  setupCode: { hash: Hex; checkedAgainst: 'registry' | 'package' };
  module: Address;
  permissions: readonly { role: bigint; grantee: Address }[];
  /** The modules committee's proposal registering the module as its tasks' publish-time policy (`taskPolicy`). */
  taskPolicy: { proposalId: bigint } | undefined;
  /** The budget line: per period, and the issuance committee's proposal (undefined when already set so). */
  budget: { perPeriod: bigint; proposalId: bigint | undefined };
  /** Each issuer's budget per period under the module (`budget.perIssuerPerPeriod`; undefined when the module has none). */
  issuerBudget: { perIssuerPerPeriod: bigint; proposalId: bigint | undefined } | undefined;
  /** Each catalog type's bounds pinned at the issuance controller by the rates committee. */
  rateBounds: { taskType: string; min: bigint; max: bigint; proposalId: bigint | undefined }[];
  offers: { offering: string; offerId: bigint; redeemer: Address }[];
  /** Offerings with no redeemer given: open them later with `dpan offer create`. */
  offersSkipped: string[];
  parameters: Record<string, number>;
};

export type InstallModuleErrorType =
  | ReadModuleDirectoryErrorType
  | ResolveModuleParametersErrorType
  | ModuleIncompatibleError
  | PrepareModuleInstallErrorType
  | ApplyModulePreparationErrorType
  | ModuleInstallIncompleteError;

/**
 * Installs a module package into a city, every step through its committees:
 *  1. checks first (files valid, parameters in bounds, not installed, catalog inside the city's rate bounds,
 *     offerings' prices inside the city's price bounds, redeemers accredited, committee wallets are members);
 *  2. the kernel's prepare (the package's setup deploys the module), the modules committee's approval (with its
 *     delay), and apply with the package's content hash: the kernel grants exactly the requested roles or nothing;
 *  3. configuration: the module's task policy when its manifest declares one (modules committee), its budget line
 *     (issuance committee) and each catalog type's rate bounds (rates committee), proposed together and executed
 *     after one delay; then the standing offers, opened by redeemers.
 * A failure before apply leaves nothing installed; after it, {@link ModuleInstallIncompleteError} lists what remains.
 */
export async function installModule(parameters: InstallModuleParameters): Promise<InstallModuleReturnType> {
  const { city, wallet, committees, waitForDelay } = parameters;
  const onStep = parameters.onStep ?? (() => {});
  const pkg = readModuleDirectory(parameters.dir);
  const { manifest } = pkg;
  const values = resolveModuleParameters(pkg.parameters, parameters.overrides, { file: manifest.files.parameters });
  const budget = moduleBudgetOf(pkg, values);
  const issuerBudgetValue = values[ISSUER_BUDGET_PARAMETER];
  const issuerBudget = issuerBudgetValue === undefined ? undefined : BigInt(issuerBudgetValue);
  const redeemers = parameters.redeemers ?? {};
  const operation = parameters.operation ?? 'install';
  const rateBounds = await checkModuleCompatibility(wallet, { city, module: pkg, redeemers, operation });
  await checkCommitteeMembers(wallet, city.committees.modules, 'modules', committees.modules);
  await checkCommitteeMembers(wallet, city.committees.issuance, 'issuance', committees.issuance);
  await checkCommitteeMembers(wallet, city.committees.rates, 'rates', committees.rates);
  const expectedSetupCode = parameters.expectedSetupCodeHash ?? pkg.setupCodeHash;
  if (expectedSetupCode === undefined || pkg.setupCodeHash !== expectedSetupCode) {
    throw new ModuleIncompatibleError(
      `dpan.json#/contracts/0/artifact: the package's setup code hash ${pkg.setupCodeHash ?? '(none)'} is not the ${expectedSetupCode ?? '(none)'} recorded for ${manifest.name}@${manifest.version}.`,
      { details: 'Install the package exactly as published (dpan install <name>@<version>), or publish this one as a new version.' },
    );
  }

  // 2. prepare, check the setup the kernel recorded, approve, apply.
  const prepared = await prepareModuleInstall(wallet, { city, module: pkg, parameters: values, operation });
  onStep({ step: 'prepared', preparationId: prepared.preparationId, module: prepared.module });
  // What the committee approves: a preparation whose setup came from the published creation code, not a look-alike.
  const recorded = await readContract(wallet, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'preparation', args: [prepared.preparationId] });
  if (recorded.setupInitCodeHash !== expectedSetupCode) {
    throw new ModuleIncompatibleError(
      `Preparation ${prepared.preparationId} records setup code hash ${recorded.setupInitCodeHash}, not the ${expectedSetupCode} of ${manifest.name}@${manifest.version}: it is not approved.`,
      { details: 'Ask the modules committee to revoke that preparation (ModuleKernel.revoke) and prepare again from the published package.' },
    );
  }
  const approval = await scheduleDecision(city.committees.modules, committees.modules, {
    target: city.kernel,
    data: encodeFunctionData({ abi: ModuleKernelAbi, functionName: 'approve', args: [prepared.preparationId] }),
    description: `${operation} ${manifest.name}@${manifest.version} (content hash ${pkg.contentHash}, setup code hash ${expectedSetupCode})`,
  });
  await executeDecisions(wallet, () => city.committees.modules, [approval], waitForDelay);
  onStep({ step: 'approved', preparationId: prepared.preparationId });
  const applied = await applyModulePreparation(wallet, { city, preparationId: prepared.preparationId, contentHash: pkg.contentHash });
  onStep({ step: 'applied', module: applied.module });

  // 3. configuration.
  const done = [`${operation === 'update' ? 'updated to' : 'installed'} ${manifest.name}@${manifest.version} at ${applied.module}`];
  const moduleId = toId(manifest.name);
  const result: InstallModuleReturnType = {
    name: manifest.name,
    version: manifest.version,
    contentHash: pkg.contentHash,
    preparationId: prepared.preparationId,
    setup: prepared.setup,
    setupCode: { hash: recorded.setupInitCodeHash, checkedAgainst: parameters.expectedSetupCodeHash === undefined ? 'package' : 'registry' },
    module: applied.module,
    permissions: prepared.permissions,
    taskPolicy: undefined,
    budget: { perPeriod: budget, proposalId: undefined },
    issuerBudget: issuerBudget === undefined ? undefined : { perIssuerPerPeriod: issuerBudget, proposalId: undefined },
    rateBounds: [],
    offers: [],
    offersSkipped: [],
    parameters: values,
  };
  const remaining = [
    ...(manifest.taskPolicy === true ? [`modules committee: setModulePolicy(${manifest.name}, ${applied.module})`] : []),
    `issuance committee: setModuleBudget(${manifest.name}, ${budget})`,
    ...(issuerBudget === undefined ? [] : [`issuance committee: setIssuerBudget(${manifest.name}, ${issuerBudget})`]),
    ...rateBounds.filter((b) => !b.already).map((b) => `rates committee: setRateBounds(${b.taskType}, ${b.min}, ${b.max})`),
    ...(pkg.offerings?.offerings ?? []).filter((o) => redeemers[o.id] !== undefined).map((o) => `offer ${o.id}`),
  ];
  try {
    const currentBudget = await readContract(wallet, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'moduleBudget', args: [moduleId] });
    const decisions: (ScheduledDecision & { committee: Address })[] = [];
    const currentPolicy = await readContract(wallet, { address: city.taskBoard, abi: TaskBoardAbi, functionName: 'modulePolicy', args: [moduleId] });
    if (manifest.taskPolicy !== true && currentPolicy !== zeroAddress) {
      // An update to a version without a task policy: the old contract's rules must not outlive it.
      const d = await scheduleDecision(city.committees.modules, committees.modules, {
        target: city.taskBoard,
        data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'setModulePolicy', args: [moduleId, zeroAddress] }),
        description: `${manifest.name}: no task policy from version ${manifest.version}`,
      });
      decisions.push({ ...d, committee: city.committees.modules });
    }
    if (manifest.taskPolicy === true) {
      // After apply, never before: a policy must not outlive an install that failed.
      const d = await scheduleDecision(city.committees.modules, committees.modules, {
        target: city.taskBoard,
        data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'setModulePolicy', args: [moduleId, applied.module] }),
        description: `${manifest.name}: every task published under it must pass its rules (task policy ${applied.module})`,
      });
      decisions.push({ ...d, committee: city.committees.modules });
      result.taskPolicy = { proposalId: d.proposalId };
    }
    if (currentBudget !== budget) {
      const d = await scheduleDecision(city.committees.issuance, committees.issuance, {
        target: city.issuance,
        data: encodeFunctionData({ abi: IssuanceControllerAbi, functionName: 'setModuleBudget', args: [moduleId, budget] }),
        description: `budget line of ${manifest.name}: ${budget} credits per period`,
      });
      decisions.push({ ...d, committee: city.committees.issuance });
      result.budget.proposalId = d.proposalId;
    }
    if (issuerBudget !== undefined && result.issuerBudget !== undefined) {
      const current = await readContract(wallet, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'issuerBudget', args: [moduleId] });
      if (current !== issuerBudget) {
        const d = await scheduleDecision(city.committees.issuance, committees.issuance, {
          target: city.issuance,
          data: encodeFunctionData({ abi: IssuanceControllerAbi, functionName: 'setIssuerBudget', args: [moduleId, issuerBudget] }),
          description: `${manifest.name}: each issuer's tasks issue at most ${issuerBudget} credits per period`,
        });
        decisions.push({ ...d, committee: city.committees.issuance });
        result.issuerBudget.proposalId = d.proposalId;
      }
    }
    for (const bounds of rateBounds) {
      let proposalId: bigint | undefined;
      if (!bounds.already) {
        const d = await scheduleDecision(city.committees.rates, committees.rates, {
          target: city.issuance,
          data: encodeFunctionData({ abi: IssuanceControllerAbi, functionName: 'setRateBounds', args: [toId(bounds.taskType), bounds.min, bounds.max] }),
          description: `${manifest.name}: rates of ${bounds.taskType} in [${bounds.min}, ${bounds.max}]`,
        });
        decisions.push({ ...d, committee: city.committees.rates });
        proposalId = d.proposalId;
      }
      result.rateBounds.push({ taskType: bounds.taskType, min: bounds.min, max: bounds.max, proposalId });
    }
    await executeDecisions(wallet, (d) => (d as ScheduledDecision & { committee: Address }).committee, decisions, waitForDelay);
    done.push(`${decisions.length} committee decision(s) executed`);
    remaining.splice(0, remaining.length - (pkg.offerings?.offerings ?? []).filter((o) => redeemers[o.id] !== undefined).length);
    onStep({ step: 'configured', decisions: decisions.length });
    for (const offering of pkg.offerings?.offerings ?? []) {
      const redeemer = redeemers[offering.id];
      if (redeemer === undefined) {
        result.offersSkipped.push(offering.id);
        continue;
      }
      const window = offering.window === undefined ? undefined : { start: toUnix(offering.window.start), end: toUnix(offering.window.end) };
      const { offerId } = await createOffer(redeemer, {
        city,
        price: BigInt(offering.price),
        capacity: BigInt(offering.capacityPerPeriod),
        window,
        metadataHash: keccak256(toBytes(`${manifest.name}#${offering.id}: ${offering.title}`)),
      });
      result.offers.push({ offering: offering.id, offerId, redeemer: redeemer.account.address });
      done.push(`offer ${offering.id} opened (${offerId})`);
      remaining.shift();
      onStep({ step: 'offer', offering: offering.id, offerId });
    }
  } catch (error) {
    throw new ModuleInstallIncompleteError(done, remaining, error);
  }
  return result;
}

function toUnix(iso: string): bigint {
  return BigInt(Math.floor(Date.parse(iso) / 1000));
}
