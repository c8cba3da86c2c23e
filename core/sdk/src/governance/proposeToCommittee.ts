import { type Address, type Hash, type Hex, type TransactionReceipt, encodeFunctionData, keccak256, toBytes } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { CommitteeAbi } from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityWalletClient } from '../types/client.js';

export type ProposeToCommitteeParameters = {
  /** The committee (e.g. `city.committees.accreditation`). */
  committee: Address;
  /** The contract the committee will call. */
  target: Address;
  /** The encoded call (`encodeFunctionData(...)`). */
  data: Hex;
  /** Text describing the decision: its keccak256 is recorded. Default: the hash of `data`. */
  description?: string | undefined;
};

export type ProposeToCommitteeReturnType = {
  proposalId: bigint;
  /** keccak256 of the description (or of `data`). */
  descriptionHash: Hex;
  hash: Hash;
  receipt: TransactionReceipt;
};

export type ProposeToCommitteeErrorType = CityWriteErrorType;

/**
 * Proposes a call to a committee and approves it as the proposer (the client's account must be a member).
 * Other members then {@link approveProposal}; once the threshold is reached the call is scheduled on the
 * AccessManager, and after the committee's delay anyone may {@link executeProposal}.
 */
export async function proposeToCommittee(
  client: CityWalletClient,
  parameters: ProposeToCommitteeParameters,
): Promise<ProposeToCommitteeReturnType> {
  const { committee, target, data } = parameters;
  const descriptionHash =
    parameters.description !== undefined ? keccak256(toBytes(parameters.description)) : keccak256(data);
  const receipt = await sendCall(client, {
    to: committee,
    data: encodeFunctionData({ abi: CommitteeAbi, functionName: 'propose', args: [target, data, descriptionHash] }),
    functionName: 'propose',
  });
  const { proposalId } = firstEventOf(receipt, CommitteeAbi, 'ProposalCreated', committee).args;
  return { proposalId, descriptionHash, hash: receipt.transactionHash, receipt };
}
