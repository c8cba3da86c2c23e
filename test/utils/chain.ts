// Test-only helpers for a local anvil: time travel, and the committee round trip that needs it
// (approve to the threshold, wait out the delay, execute: CityFixture._committeeCall in Solidity).
// Not part of the SDK: a real chain's clock cannot be moved.
import { type Address, type TestClient, publicActions } from 'viem';

import { CivicCreditAbi } from '@citysync/contracts';
import { type CityWalletClient, type ExecuteProposalReturnType, approveProposal, executeProposal } from '@citysync/sdk';

/** Moves anvil's clock forward by `seconds` and mines a block at the new time. */
export async function increaseTime(testClient: TestClient, seconds: number | bigint): Promise<void> {
  await testClient.increaseTime({ seconds: Number(seconds) });
  await testClient.mine({ blocks: 1 });
}

/** Timestamp of the latest block. */
export async function latestTimestamp(testClient: TestClient): Promise<bigint> {
  return (await testClient.extend(publicActions).getBlock({ blockTag: 'latest' })).timestamp;
}

/**
 * Moves anvil's clock to the first second of the city's next period: redemption capacity backs the period cap only
 * once it has been on offer since a period began, so a test that opens an offer and then issues starts a period.
 */
export async function startNextPeriod(testClient: TestClient, credit: Address): Promise<void> {
  const client = testClient.extend(publicActions);
  const [, , end] = await client.readContract({ address: credit, abi: CivicCreditAbi, functionName: 'currentPeriodBounds' });
  const now = await latestTimestamp(testClient);
  if (end > now) await increaseTime(testClient, end - now);
}

export type PassProposalParameters = {
  committee: Address;
  proposalId: bigint;
  /** Members approving in turn until the proposal is scheduled (the proposer has already approved). */
  approvers: readonly CityWalletClient[];
  /** Who executes once the delay has passed (anyone may). */
  executor: CityWalletClient;
};

/** Approves a proposal to its threshold, waits out the committee's delay on anvil, and executes it. */
export async function passProposal(
  testClient: TestClient,
  { committee, proposalId, approvers, executor }: PassProposalParameters,
): Promise<ExecuteProposalReturnType> {
  let readyAt: number | undefined;
  for (const approver of approvers) {
    const { scheduled } = await approveProposal(approver, { committee, proposalId });
    if (scheduled !== undefined) {
      readyAt = scheduled.readyAt;
      break;
    }
  }
  if (readyAt === undefined) throw new Error(`proposal ${proposalId} did not reach its threshold`);
  const now = await latestTimestamp(testClient);
  if (BigInt(readyAt) > now) await increaseTime(testClient, BigInt(readyAt) - now);
  return await executeProposal(executor, { committee, proposalId });
}
