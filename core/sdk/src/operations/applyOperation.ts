import { getTransactionCount } from 'viem/actions';

import { executeProposal } from '../governance/executeProposal.js';
import { applyModulePreparation } from '../modules/applyModulePreparation.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import { OperationCancelledError, type OperationNotFoundError } from './errors.js';
import { type OperationStatus, readOperation } from './readOperations.js';

export type ApplyOperationParameters = {
  city: Pick<CityContracts, 'committees' | 'kernel'>;
  operation: string;
  fromBlock?: bigint | undefined;
  /** After each step sent (progress). */
  onStep?: ((step: AppliedStep) => void) | undefined;
};

export type AppliedStep = { step: string; label: string; hash: `0x${string}` };

export type ApplyOperationReturnType = {
  /** The steps this call executed, in order. */
  applied: AppliedStep[];
  /** The operation as it stands now: `complete`, or what it waits for (see each step's `next`). */
  status: OperationStatus;
};

export type ApplyOperationErrorType = OperationNotFoundError | OperationCancelledError;

/** How long to wait for the account's own transactions still in flight (a run killed after sending). */
const IN_FLIGHT_TIMEOUT_MS = 60_000;

/**
 * Carries `operation` as far as the chain allows now, in its plan's order, as anyone: executes each scheduled
 * proposal whose delay has passed and the kernel's apply once approved, and stops at the first step that is not
 * ready (awaiting approvals, or a delay until `readyAt`). Every step is read from the chain before it is sent, so a
 * re-run after an interruption continues where the chain stands and never sends a step twice. A cancelled
 * operation stops with {@link OperationCancelledError} naming the proposal and who cancelled it.
 *
 * @example
 * const { status } = await applyOperation(anyWallet, { city, operation: 'op-3fa9c2d1e0b4' })
 * status.state // 'complete', or 'waiting for delay' with status.next
 */
export async function applyOperation(client: CityWalletClient, parameters: ApplyOperationParameters): Promise<ApplyOperationReturnType> {
  const { city, operation, fromBlock } = parameters;
  await waitForOwnTransactions(client);
  const applied: AppliedStep[] = [];
  for (;;) {
    const status = await readOperation(client, { city, operation, fromBlock });
    if (status.state === 'cancelled') throw new OperationCancelledError(operation, status.cancelled ?? 'a proposal was cancelled');
    const first = status.steps.find((s) => s.state !== 'executed' && s.state !== 'done');
    const planned = status.plan.steps.find((s) => s.id === first?.step);
    if (first === undefined || planned === undefined) return { applied, status };
    let hash: `0x${string}`;
    if (planned.type === 'kernel.apply' && first.state === 'ready') {
      ({ hash } = await applyModulePreparation(client, { city, preparationId: BigInt(planned.preparationId), contentHash: planned.contentHash }));
    } else if (planned.type === 'proposal' && first.state === 'scheduled' && first.proposalId !== undefined && (first.readyAt ?? 0) <= status.chainTime) {
      ({ hash } = await executeProposal(client, { committee: city.committees[planned.committee], proposalId: first.proposalId }));
    } else {
      return { applied, status };
    }
    const step = { step: first.step, label: first.label, hash };
    applied.push(step);
    parameters.onStep?.(step);
  }
}

/** Waits until every transaction the account sent is mined: a run killed after sending must not read stale state. */
async function waitForOwnTransactions(client: CityWalletClient): Promise<void> {
  const address = client.account.address;
  const deadline = Date.now() + IN_FLIGHT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const [pending, latest] = await Promise.all([
      getTransactionCount(client, { address, blockTag: 'pending' }),
      getTransactionCount(client, { address, blockTag: 'latest' }),
    ]);
    if (pending <= latest) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
