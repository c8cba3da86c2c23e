import {
  type Address,
  type Hash,
  type Hex,
  type TransactionReceipt,
  encodeFunctionData,
  keccak256,
  toBytes,
} from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CityGovernorAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

/** The calls of a resident proposal, as OpenZeppelin's Governor takes them. */
export type ResidentProposalCalls = {
  targets: readonly Address[];
  /** Wei sent with each call. Default: 0 for every target. */
  values?: readonly bigint[] | undefined;
  calldatas: readonly Hex[];
  /** The proposal's text; its hash is part of the proposal id, so keep it to execute. */
  description: string;
};

export type ProposeToResidentsParameters = ResidentProposalCalls & { city: Pick<CityContracts, 'governor'> };

export type ProposeToResidentsReturnType = {
  proposalId: bigint;
  descriptionHash: Hex;
  /** Voting opens after this Unix time (the snapshot of $VOTE balances)... */
  voteStart: bigint;
  /** ...and closes after this one. */
  voteEnd: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
};

/**
 * `GovernorInsufficientProposerVotes` (delegate first: {@link delegateVotes}), `GovernorInvalidProposalLength`,
 * `GovernorUnexpectedProposalState` (the same calls and description were already proposed).
 */
export type ProposeToResidentsErrorType = CityWriteErrorType;

/**
 * Proposes calls to the city's residents (CityGovernor). A passed proposal can only do what the city granted the
 * Governor (by default: move the coverage ratio inside the issuance committee's bounds).
 */
export async function proposeToResidents(
  client: CityWalletClient,
  parameters: ProposeToResidentsParameters,
): Promise<ProposeToResidentsReturnType> {
  const { city, targets, calldatas, description } = parameters;
  const values = parameters.values ?? targets.map(() => 0n);
  const receipt = await sendCall(client, {
    to: city.governor,
    data: encodeFunctionData({
      abi: CityGovernorAbi,
      functionName: 'propose',
      args: [targets, values, calldatas, description],
    }),
    functionName: 'propose',
  });
  const { proposalId, voteStart, voteEnd } = firstEventOf(
    receipt,
    CityGovernorAbi,
    'ProposalCreated',
    city.governor,
  ).args;
  return {
    proposalId,
    descriptionHash: keccak256(toBytes(description)),
    voteStart,
    voteEnd,
    hash: receipt.transactionHash,
    receipt,
  };
}
