import { type Address, type Hex, encodeFunctionData, isAddressEqual } from 'viem';
import { getBlock, getContractEvents, getTransaction, readContract } from 'viem/actions';

import { CommitteeAbi, ModuleKernelAbi } from '@citysync/contracts';
import { type CommitteeProposalState, getProposal } from '../governance/getProposal.js';
import { type CommitteeName, type CityContracts, committeeNames } from '../types/city.js';
import type { CityReadClient } from '../types/client.js';
import { OperationNotFoundError } from './errors.js';
import { type OperationKind, type OperationPlan, type OperationStep, decodeOperationDescription } from './operationRecord.js';

/** Where one step of an operation stands on chain. */
export type OperationStepStatus = {
  step: string;
  type: OperationStep['type'];
  label: string;
  /** The committee that decides it (undefined for the kernel's apply, which anyone sends). */
  committee: CommitteeName | undefined;
  /** `not proposed`: no member of its committee has proposed it yet; `ready`/`waiting`: the kernel's apply. */
  state: CommitteeProposalState | 'not proposed' | 'waiting' | 'ready' | 'done';
  proposalId: bigint | undefined;
  approvals: number;
  threshold: number;
  approvedBy: Address[];
  /** Unix time from which the scheduled proposal may be executed. */
  readyAt: number | undefined;
  /** Who withdrew it (a member), or `guardian` when a guardian cancelled it at the AccessManager. */
  cancelledBy: Address | 'guardian' | undefined;
  /** What happens next for this step, in words. */
  next: string;
};

export type OperationState = 'awaiting approvals' | 'waiting for delay' | 'executable' | 'complete' | 'cancelled';

export type OperationStatus = {
  operation: string;
  kind: OperationKind;
  state: OperationState;
  plan: OperationPlan;
  /** Who proposed it (the first proposal's proposer). */
  proposer: Address;
  steps: OperationStepStatus[];
  /** Set when cancelled: which proposal, by whom. */
  cancelled: string | undefined;
  /** The chain's time when read (Unix seconds): delays are judged against it. */
  chainTime: number;
  next: string;
};

export type ReadOperationsParameters = {
  city: Pick<CityContracts, 'committees' | 'kernel'>;
  /** First block to read events from (the city's deployment block). Default: the chain's first. */
  fromBlock?: bigint | undefined;
};

export type ReadOperationsReturnType = OperationStatus[];

type RecordedProposal = { committee: CommitteeName; proposalId: bigint; proposer: Address; step: string; target: Address; data: Hex };

/**
 * Every operation recorded in the city's committees, rebuilt from the chain alone: each committee's ProposalCreated
 * events, the description each proposal's transaction carries after its calldata (checked against the recorded
 * descriptionHash), approvals and withdrawals from the committees' events, state from the committees and the kernel.
 * A member on another machine reads the same list. Oldest first.
 *
 * @example
 * const operations = await readOperations(publicClient, { city })
 * operations.filter((o) => o.state !== 'complete')
 */
export async function readOperations(client: CityReadClient, parameters: ReadOperationsParameters): Promise<ReadOperationsReturnType> {
  const { city } = parameters;
  const fromBlock = parameters.fromBlock ?? 0n;
  const committeeOf = (address: Address): CommitteeName | undefined =>
    committeeNames.find((name) => isAddressEqual(city.committees[name], address));
  const addresses = committeeNames.map((name) => city.committees[name]);
  const [created, approved, cancelled, block] = await Promise.all([
    getContractEvents(client, { address: addresses, abi: CommitteeAbi, eventName: 'ProposalCreated', fromBlock }),
    getContractEvents(client, { address: addresses, abi: CommitteeAbi, eventName: 'ProposalApproved', fromBlock }),
    getContractEvents(client, { address: addresses, abi: CommitteeAbi, eventName: 'ProposalCancelled', fromBlock }),
    getBlock(client, { blockTag: 'latest' }),
  ]);
  const chainTime = Number(block.timestamp);

  const plans = new Map<string, { plan: OperationPlan; proposer: Address; proposals: RecordedProposal[] }>();
  for (const log of created) {
    const committee = committeeOf(log.address);
    const { proposalId, proposer, target, data, descriptionHash } = log.args;
    if (committee === undefined || proposalId === undefined || proposer === undefined || target === undefined || data === undefined || descriptionHash === undefined) continue;
    const description = await trailerOf(client, log.transactionHash, log.address, encodeFunctionData({ abi: CommitteeAbi, functionName: 'propose', args: [target, data, descriptionHash] }));
    if (description === undefined) continue;
    const record = decodeOperationDescription(description, descriptionHash);
    if (record === undefined) continue;
    const { format: _format, step, ...plan } = record;
    const entry = plans.get(plan.operation) ?? { plan, proposer, proposals: [] };
    plans.set(plan.operation, entry);
    // The first proposal's plan is the operation's: a later proposal counts only for a step it matches exactly.
    const planned = entry.plan.steps.find((s) => s.id === step);
    if (planned?.type !== 'proposal' || planned.committee !== committee || !isAddressEqual(planned.target, target) || planned.data !== data) continue;
    entry.proposals.push({ committee, proposalId, proposer, step, target, data });
  }

  const key = (committee: Address, proposalId: bigint) => `${committee.toLowerCase()}#${proposalId}`;
  const approvers = new Map<string, Address[]>();
  for (const log of approved) {
    if (log.args.proposalId === undefined || log.args.member === undefined) continue;
    const k = key(log.address, log.args.proposalId);
    approvers.set(k, [...(approvers.get(k) ?? []), log.args.member]);
  }
  const withdrawnBy = new Map<string, Address>();
  for (const log of cancelled) {
    if (log.args.proposalId !== undefined && log.args.by !== undefined) withdrawnBy.set(key(log.address, log.args.proposalId), log.args.by);
  }

  const operations: OperationStatus[] = [];
  for (const { plan, proposer, proposals } of plans.values()) {
    const steps: OperationStepStatus[] = [];
    for (const step of plan.steps) {
      if (step.type === 'kernel.apply') {
        const preparation = await readContract(client, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'preparation', args: [BigInt(step.preparationId)] });
        // PreparationState: 1 prepared, 2 approved, 3 applied.
        const state = preparation.state === 3 ? 'done' : preparation.state === 2 ? 'ready' : 'waiting';
        steps.push({
          step: step.id, type: step.type, label: step.label, committee: undefined, state, proposalId: undefined,
          approvals: 0, threshold: 0, approvedBy: [], readyAt: undefined, cancelledBy: undefined,
          next: state === 'done' ? 'done' : state === 'ready' ? `anyone applies it: dpan apply ${plan.operation}` : 'after the modules committee\'s approval is executed',
        });
        continue;
      }
      const committee = city.committees[step.committee];
      const candidates = proposals.filter((p) => p.step === step.id);
      let chosen: OperationStepStatus | undefined;
      for (const candidate of candidates) {
        const proposal = await getProposal(client, { committee, proposalId: candidate.proposalId });
        const by = withdrawnBy.get(key(committee, candidate.proposalId));
        const status: OperationStepStatus = {
          step: step.id, type: step.type, label: step.label, committee: step.committee, state: proposal.state,
          proposalId: candidate.proposalId, approvals: proposal.approvals, threshold: proposal.threshold,
          approvedBy: approvers.get(key(committee, candidate.proposalId)) ?? [], readyAt: proposal.readyAt,
          cancelledBy: proposal.state === 'cancelled' ? (by ?? 'guardian') : undefined, next: '',
        };
        // A live proposal for the step wins over a cancelled one (a member proposed it again).
        if (chosen === undefined || (chosen.state === 'cancelled' && status.state !== 'cancelled')) chosen = status;
      }
      chosen ??= {
        step: step.id, type: step.type, label: step.label, committee: step.committee, state: 'not proposed', proposalId: undefined,
        approvals: 0, threshold: Number((await readContract(client, { address: committee, abi: CommitteeAbi, functionName: 'membership' }))[1]),
        approvedBy: [], readyAt: undefined, cancelledBy: undefined, next: '',
      };
      chosen.next = nextOf(chosen, plan.operation, chainTime);
      steps.push(chosen);
    }
    operations.push({ operation: plan.operation, kind: plan.kind, plan, proposer, steps, chainTime, ...stateOf(steps, plan.operation, chainTime) });
  }
  return operations;
}

export type ReadOperationParameters = ReadOperationsParameters & { operation: string };

/** One operation by id ({@link readOperations}); {@link OperationNotFoundError} when no proposal carries it. */
export async function readOperation(client: CityReadClient, parameters: ReadOperationParameters): Promise<OperationStatus> {
  const found = (await readOperations(client, parameters)).find((o) => o.operation === parameters.operation);
  if (found === undefined) throw new OperationNotFoundError(parameters.operation);
  return found;
}

/** The bytes a `propose` transaction carries after its ABI-encoded calldata (a direct call to the committee only). */
async function trailerOf(client: CityReadClient, hash: Hex, committee: Address, calldata: Hex): Promise<Hex | undefined> {
  const transaction = await getTransaction(client, { hash });
  if (transaction.to === null || !isAddressEqual(transaction.to, committee)) return undefined;
  const input = transaction.input.toLowerCase();
  if (!input.startsWith(calldata.toLowerCase())) return undefined;
  return `0x${input.slice(calldata.length)}`;
}

const when = (readyAt: number) => new Date(readyAt * 1000).toISOString();

function nextOf(step: OperationStepStatus, operation: string, chainTime: number): string {
  switch (step.state) {
    case 'not proposed':
      return `a ${String(step.committee)} committee member proposes it: dpan approve ${operation}`;
    case 'pending':
      return `${step.threshold - step.approvals} more ${String(step.committee)} approval(s): dpan approve ${operation}`;
    case 'scheduled':
      return step.readyAt !== undefined && step.readyAt > chainTime
        ? `executable from ${when(step.readyAt)}: dpan apply ${operation}`
        : `executable now: dpan apply ${operation}`;
    case 'executed':
      return 'done';
    case 'cancelled':
      return step.cancelledBy === 'guardian' ? 'cancelled by a guardian' : `withdrawn by ${String(step.cancelledBy)}`;
    default:
      return '';
  }
}

function stateOf(steps: readonly OperationStepStatus[], operation: string, chainTime: number): Pick<OperationStatus, 'state' | 'cancelled' | 'next'> {
  const cancelledStep = steps.find((s) => s.state === 'cancelled');
  if (cancelledStep !== undefined) {
    const who = cancelledStep.cancelledBy === 'guardian' ? 'a guardian cancelled it at the AccessManager' : `withdrawn by ${String(cancelledStep.cancelledBy)}`;
    const cancelled = `the ${String(cancelledStep.committee)} committee's proposal ${String(cancelledStep.proposalId)} (${cancelledStep.label}): ${who}`;
    return { state: 'cancelled', cancelled, next: 'nothing: it will not run' };
  }
  const first = steps.find((s) => s.state !== 'executed' && s.state !== 'done');
  if (first === undefined) return { state: 'complete', cancelled: undefined, next: 'nothing: every step is done' };
  const awaiting = steps.filter((s) => s.state === 'not proposed' || s.state === 'pending');
  const executableNow = (first.state === 'scheduled' && (first.readyAt ?? 0) <= chainTime) || first.state === 'ready';
  if (awaiting.length > 0) {
    const committees = [...new Set(awaiting.map((s) => s.committee))].join(', ');
    return {
      state: 'awaiting approvals',
      cancelled: undefined,
      next: `approvals from the ${committees} committee(s): dpan approve ${operation}${executableNow ? `; meanwhile dpan apply ${operation} runs what is executable` : ''}`,
    };
  }
  if (first.state === 'scheduled' && first.readyAt !== undefined && first.readyAt > chainTime) {
    return { state: 'waiting for delay', cancelled: undefined, next: `dpan apply ${operation} from ${when(first.readyAt)}` };
  }
  return { state: 'executable', cancelled: undefined, next: `dpan apply ${operation}` };
}
