import type { Address, BaseErrorType, Hex } from 'viem';
import { readContract } from 'viem/actions';

import { CitySyncError } from '../errors/base.js';
import type { ContractRevertError } from '../errors/contract.js';
import { decodeContractRevert } from '../errors/decodeContractRevert.js';
import { CommitteeAbi } from '@citysync/contracts';
import type { CityReadClient } from '../types/client.js';

/** A committee proposal's lifecycle (`Committee.State` without `None`, which the contract reports as unknown). */
export type CommitteeProposalState = 'pending' | 'scheduled' | 'executed' | 'cancelled';

const states: Record<number, CommitteeProposalState> = { 1: 'pending', 2: 'scheduled', 3: 'executed', 4: 'cancelled' };

export type GetProposalParameters = { committee: Address; proposalId: bigint };

export type GetProposalReturnType = {
  proposalId: bigint;
  /**
   * `cancelled` also when a guardian cancelled the scheduled operation at the AccessManager, or when the committee's
   * membership changed after it was proposed (it can never execute).
   */
  state: CommitteeProposalState;
  target: Address;
  data: Hex;
  descriptionHash: Hex;
  approvals: number;
  /** The member who proposed it: the only one who may withdraw it while pending. */
  proposer: Address;
  /** Votes to cancel it while scheduled (the threshold cancels it). */
  cancelApprovals: number;
  /** Approvals the committee needs now. */
  threshold: number;
  /** Unix time from which a scheduled proposal may be executed; undefined until scheduled. */
  readyAt: number | undefined;
};

/** `CommitteeUnknownProposal` (as a ContractRevertError), or viem's transport errors. */
export type GetProposalErrorType = ContractRevertError | BaseErrorType;

/** Reads committee proposal `proposalId` with the committee's current threshold. */
export async function getProposal(
  client: CityReadClient,
  parameters: GetProposalParameters,
): Promise<GetProposalReturnType> {
  const { committee, proposalId } = parameters;
  let proposal;
  let threshold;
  let proposer;
  let cancelApprovals;
  try {
    [proposal, [, threshold], proposer, cancelApprovals] = await Promise.all([
      readContract(client, { address: committee, abi: CommitteeAbi, functionName: 'proposal', args: [proposalId] }),
      readContract(client, { address: committee, abi: CommitteeAbi, functionName: 'membership' }),
      readContract(client, { address: committee, abi: CommitteeAbi, functionName: 'proposer', args: [proposalId] }),
      readContract(client, { address: committee, abi: CommitteeAbi, functionName: 'cancelApprovals', args: [proposalId] }),
    ]);
  } catch (error) {
    throw decodeContractRevert(error, { address: committee, functionName: 'proposal' }) ?? error;
  }
  const state = states[proposal.state];
  if (state === undefined) {
    throw new CitySyncError(`Proposal ${proposalId} has state ${proposal.state}, which this SDK does not know.`, {
      details: 'The Committee at this address is newer than @citysync/core: update the SDK.',
    });
  }
  return {
    proposalId,
    state,
    target: proposal.target,
    data: proposal.data,
    descriptionHash: proposal.descriptionHash,
    approvals: proposal.approvals,
    proposer,
    cancelApprovals: Number(cancelApprovals),
    threshold: Number(threshold),
    readyAt: proposal.readyAt === 0 ? undefined : proposal.readyAt,
  };
}
