// Test-only: many claims, submissions, verifications and redemptions on a test city, fast. Participants are
// impersonated addresses (no keys to sign with); their transactions are sent with automine off and explicit nonces
// and gas, then mined a block at a time, so thousands of events take seconds, not minutes.
import { type Address, type Hex, encodeFunctionData, keccak256, pad, toHex } from 'viem';
import { readContract } from 'viem/actions';

import { TaskBoardAbi } from '@citysync/contracts';
import { encodeRedeem, publishTask, quoteRedemption, verifyBatch } from '@citysync/sdk';
import { latestTimestamp } from './chain.js';
import { MODULE, type TestCity } from './testCity.js';

export type GenerateActivityParameters = {
  participants: number;
  /** Tasks published; every participant claims and submits each of them. */
  tasks: number;
  rate: bigint;
  /** The first `redemptions` participants redeem one unit of `offerId` each. */
  redemptions: number;
  offerId: bigint;
  /** Transactions per mined block. Default 150. */
  txsPerBlock?: number;
  /** Distinguishes participant sets across calls. Default 0. */
  salt?: number;
};

const GAS = 400_000n;

/** Participant `i`'s address (impersonated on anvil). */
export function participantAddress(i: number, salt = 0): Address {
  return pad(toHex(0xc17e_0000_0000 + salt * 1_000_000 + i), { size: 20 });
}

export async function generateActivity(t: TestCity, parameters: GenerateActivityParameters): Promise<Address[]> {
  const { city, issuer, testClient, publicClient } = t;
  const salt = parameters.salt ?? 0;
  const perBlock = parameters.txsPerBlock ?? 150;
  const now = await latestTimestamp(testClient);
  const taskIds: bigint[] = [];
  for (let k = 0; k < parameters.tasks; k++) {
    const { taskId } = await publishTask(issuer, {
      city,
      module: MODULE,
      taskType: 'park-cleanup',
      rate: parameters.rate,
      slots: parameters.participants,
      start: now,
      end: now + 60n * 86_400n,
      zone: 'zone-1',
      evidenceSchemaHash: keccak256(toHex('evidence.schema.v1')),
    });
    taskIds.push(taskId);
  }
  const participants = Array.from({ length: parameters.participants }, (_, i) => participantAddress(i, salt));
  for (const participant of participants) {
    await testClient.impersonateAccount({ address: participant });
    await testClient.setBalance({ address: participant, value: 10n ** 20n });
  }
  const [, completionsBefore] = await readContract(publicClient, {
    address: city.taskBoard,
    abi: TaskBoardAbi,
    functionName: 'counts',
  });

  const nonces = new Map<Address, number>();
  const txs: { from: Address; to: Address; data: Hex }[] = [];
  for (const taskId of taskIds) {
    for (const from of participants) {
      txs.push({ from, to: city.taskBoard, data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'claim', args: [taskId] }) });
      txs.push({
        from,
        to: city.taskBoard,
        data: encodeFunctionData({
          abi: TaskBoardAbi,
          functionName: 'submitCompletion',
          args: [taskId, keccak256(toHex(`${from}:${taskId}`))],
        }),
      });
    }
  }
  await sendPipelined(t, txs, nonces, perBlock);

  const [, completionsAfter] = await readContract(publicClient, {
    address: city.taskBoard,
    abi: TaskBoardAbi,
    functionName: 'counts',
  });
  const expected = BigInt(participants.length * taskIds.length);
  if (completionsAfter - completionsBefore !== expected) {
    throw new Error(`expected ${expected} new completions, got ${completionsAfter - completionsBefore}`);
  }
  const ids = Array.from({ length: Number(expected) }, (_, i) => completionsBefore + 1n + BigInt(i));
  for (let i = 0; i < ids.length; i += 100) await verifyBatch(issuer, { city, completionIds: ids.slice(i, i + 100) });

  const redeemers = participants.slice(0, parameters.redemptions);
  const maxCredits = await quoteRedemption(t.publicClient, { city, offerId: parameters.offerId, units: 1n });
  await sendPipelined(
    t,
    redeemers.map((from) => ({
      from,
      to: city.credit,
      data: encodeRedeem({ offerId: parameters.offerId, units: 1n, maxCredits }),
    })),
    nonces,
    perBlock,
  );
  return participants;
}

/** Sends `txs` with automine off, `perBlock` per mined block, and checks every receipt succeeded. */
async function sendPipelined(
  t: TestCity,
  txs: readonly { from: Address; to: Address; data: Hex }[],
  nonces: Map<Address, number>,
  perBlock: number,
): Promise<void> {
  const { testClient, publicClient } = t;
  await testClient.setAutomine(false);
  const hashes: Hex[] = [];
  try {
    for (let i = 0; i < txs.length; i += perBlock) {
      const chunk = txs.slice(i, i + perBlock);
      const sent = await Promise.all(
        chunk.map((tx) => {
          const nonce = nonces.get(tx.from) ?? 0;
          nonces.set(tx.from, nonce + 1);
          return publicClient.request({
            method: 'eth_sendTransaction',
            params: [{ from: tx.from, to: tx.to, data: tx.data, gas: toHex(GAS), nonce: toHex(nonce) }],
          } as never) as Promise<Hex>;
        }),
      );
      hashes.push(...sent);
      await testClient.mine({ blocks: 1 });
    }
  } finally {
    await testClient.setAutomine(true);
  }
  for (let i = 0; i < hashes.length; i += 200) {
    const receipts = await Promise.all(
      hashes.slice(i, i + 200).map((hash) => publicClient.getTransactionReceipt({ hash })),
    );
    const failed = receipts.find((r) => r.status !== 'success');
    if (failed) throw new Error(`transaction ${failed.transactionHash} reverted`);
  }
}
