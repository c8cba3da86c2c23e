import { type Hash, type TransactionReceipt, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CityGovernorAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

/** OpenZeppelin's GovernorCountingSimple: 0 against, 1 for, 2 abstain. */
export const voteSupport = { against: 0, for: 1, abstain: 2 } as const;

export type VoteSupport = keyof typeof voteSupport;

export type CastVoteParameters = {
  city: Pick<CityContracts, 'governor'>;
  proposalId: bigint;
  support: VoteSupport;
  /** Recorded in the VoteCast event. */
  reason?: string | undefined;
};

export type CastVoteReturnType = {
  /** The voter's $VOTE at the proposal's snapshot. */
  weight: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
};

/**
 * `GovernorUnexpectedProposalState` (voting not open yet, or closed), `GovernorAlreadyCastVote`,
 * `GovernorNonexistentProposal`.
 */
export type CastVoteErrorType = CityWriteErrorType;

/** Casts the client's account's vote on a resident proposal (its weight: delegated $VOTE at the snapshot). */
export async function castVote(client: CityWalletClient, parameters: CastVoteParameters): Promise<CastVoteReturnType> {
  const { city, proposalId, support, reason } = parameters;
  const data =
    reason === undefined
      ? encodeFunctionData({ abi: CityGovernorAbi, functionName: 'castVote', args: [proposalId, voteSupport[support]] })
      : encodeFunctionData({
          abi: CityGovernorAbi,
          functionName: 'castVoteWithReason',
          args: [proposalId, voteSupport[support], reason],
        });
  const functionName = reason === undefined ? 'castVote' : 'castVoteWithReason';
  const receipt = await sendCall(client, { to: city.governor, data, functionName });
  const { weight } = firstEventOf(receipt, CityGovernorAbi, 'VoteCast', city.governor).args;
  return { weight, hash: receipt.transactionHash, receipt };
}
