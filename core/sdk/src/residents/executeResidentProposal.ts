import { type Hash, type TransactionReceipt, encodeFunctionData, keccak256, toBytes } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CityGovernorAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import type { ResidentProposalCalls } from './proposeToResidents.js';

export type ExecuteResidentProposalParameters = ResidentProposalCalls & { city: Pick<CityContracts, 'governor'> };

export type ExecuteResidentProposalReturnType = {
  proposalId: bigint;
  hash: Hash;
  /** Includes the events of the executed calls. */
  receipt: TransactionReceipt;
};

/**
 * `GovernorUnexpectedProposalState` (not succeeded: still voting, defeated, or already executed), or the error of
 * an executed call (e.g. `AccessManagedUnauthorized` when the Governor was not granted that function).
 */
export type ExecuteResidentProposalErrorType = CityWriteErrorType;

/**
 * Executes a succeeded resident proposal, given the same calls and description it was proposed with. Anyone may.
 * CityGovernor has no timelock: there is no queue step, a proposal is executable as soon as voting closed with
 * quorum and a majority for.
 */
export async function executeResidentProposal(
  client: CityWalletClient,
  parameters: ExecuteResidentProposalParameters,
): Promise<ExecuteResidentProposalReturnType> {
  const { city, targets, calldatas, description } = parameters;
  const values = parameters.values ?? targets.map(() => 0n);
  const receipt = await sendCall(client, {
    to: city.governor,
    data: encodeFunctionData({
      abi: CityGovernorAbi,
      functionName: 'execute',
      args: [targets, values, calldatas, keccak256(toBytes(description))],
    }),
    functionName: 'execute',
  });
  const { proposalId } = firstEventOf(receipt, CityGovernorAbi, 'ProposalExecuted', city.governor).args;
  return { proposalId, hash: receipt.transactionHash, receipt };
}
