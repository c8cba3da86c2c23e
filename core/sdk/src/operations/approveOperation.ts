import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import { OperationCancelledError, type OperationNotFoundError, type OperationNotMemberError } from './errors.js';
import { type OperationStatus, readOperation } from './readOperations.js';
import { type SignedStep, signOperationSteps } from './signOperationSteps.js';

export type ApproveOperationParameters = {
  city: Pick<CityContracts, 'committees' | 'kernel'>;
  operation: string;
  fromBlock?: bigint | undefined;
};

export type ApproveOperationReturnType = {
  /** Per step of the signer's committees: proposed (first of its committee), approved, or nothing to do. */
  signed: SignedStep[];
  /** The operation as it stands after this approval. */
  status: OperationStatus;
};

export type ApproveOperationErrorType = OperationNotFoundError | OperationNotMemberError | OperationCancelledError;

/**
 * Approves, as the client's account, every proposal of `operation` owned by a committee it is a member of, in one
 * round: a step its committee has not proposed yet it proposes (with the operation's description), a pending one it
 * approves. Re-running it sends nothing more. A signer in none of the operation's committees is refused before
 * anything is sent; a cancelled operation too.
 *
 * @example
 * await approveOperation(libraryWallet, { city, operation: 'op-3fa9c2d1e0b4' })
 */
export async function approveOperation(client: CityWalletClient, parameters: ApproveOperationParameters): Promise<ApproveOperationReturnType> {
  const { city, operation, fromBlock } = parameters;
  const before = await readOperation(client, { city, operation, fromBlock });
  if (before.state === 'cancelled') throw new OperationCancelledError(operation, before.cancelled ?? 'a proposal was cancelled');
  const signed = await signOperationSteps(client, city, before.plan, before.steps);
  const status = signed.some((s) => s.action === 'proposed' || s.action === 'approved') ? await readOperation(client, { city, operation, fromBlock }) : before;
  return { signed, status };
}
