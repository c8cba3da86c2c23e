import type { Address, BaseErrorType } from 'viem';
import { readContract } from 'viem/actions';

import { CitySyncError } from '../errors/base.js';
import type { ContractRevertError } from '../errors/contract.js';
import { decodeContractRevert } from '../errors/decodeContractRevert.js';
import { CityGovernorAbi } from '@citysync/contracts';
import type { CityContracts } from '../types/city.js';
import type { CityReadClient } from '../types/client.js';

/** OpenZeppelin's `IGovernor.ProposalState`, in order. */
export const residentProposalStates = [
  'pending',
  'active',
  'canceled',
  'defeated',
  'succeeded',
  'queued',
  'expired',
  'executed',
] as const;

export type ResidentProposalState = (typeof residentProposalStates)[number];

export type GetResidentProposalParameters = { city: Pick<CityContracts, 'governor'>; proposalId: bigint };

export type GetResidentProposalReturnType = {
  proposalId: bigint;
  state: ResidentProposalState;
  proposer: Address;
  /** $VOTE balances count as of this Unix time; voting opens after it. */
  snapshot: bigint;
  /** Voting closes after this Unix time. */
  deadline: bigint;
  votes: { against: bigint; for: bigint; abstain: bigint };
  /** Votes (for + abstain) needed; undefined while the snapshot is in the future. */
  quorum: bigint | undefined;
};

/** `GovernorNonexistentProposal` (as a ContractRevertError), or viem's transport errors. */
export type GetResidentProposalErrorType = ContractRevertError | BaseErrorType;

/** Reads a resident proposal's state, timing and tally. */
export async function getResidentProposal(
  client: CityReadClient,
  parameters: GetResidentProposalParameters,
): Promise<GetResidentProposalReturnType> {
  const { city, proposalId } = parameters;
  const address = city.governor;
  try {
    const [state, proposer, snapshot, deadline, [against, inFavour, abstain], clock] = await Promise.all([
      readContract(client, { address, abi: CityGovernorAbi, functionName: 'state', args: [proposalId] }),
      readContract(client, { address, abi: CityGovernorAbi, functionName: 'proposalProposer', args: [proposalId] }),
      readContract(client, { address, abi: CityGovernorAbi, functionName: 'proposalSnapshot', args: [proposalId] }),
      readContract(client, { address, abi: CityGovernorAbi, functionName: 'proposalDeadline', args: [proposalId] }),
      readContract(client, { address, abi: CityGovernorAbi, functionName: 'proposalVotes', args: [proposalId] }),
      readContract(client, { address, abi: CityGovernorAbi, functionName: 'clock' }),
    ]);
    // The quorum is a fraction of $VOTE's supply at the snapshot, which the token cannot report before it passed.
    const quorum =
      snapshot < BigInt(clock)
        ? await readContract(client, { address, abi: CityGovernorAbi, functionName: 'quorum', args: [snapshot] })
        : undefined;
    const name = residentProposalStates[state];
    if (name === undefined) {
      throw new CitySyncError(`Resident proposal ${proposalId} has state ${state}, which this SDK does not know.`, {
        details: 'The CityGovernor at this address is newer than @citysync/core: update the SDK.',
      });
    }
    return {
      proposalId,
      state: name,
      proposer,
      snapshot,
      deadline,
      votes: { against, for: inFavour, abstain },
      quorum,
    };
  } catch (error) {
    throw decodeContractRevert(error, { address, functionName: 'state' }) ?? error;
  }
}
