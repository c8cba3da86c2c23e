// The relayer: participants without ETH sign, an accredited relayer checks each request at submission and sends
// the queue in one executeBatch; outcomes come from the forwarder's ExecutedForwardRequest events.
import { type Hex, encodeFunctionData, keccak256, toBytes } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RelayerRequestRejectedError, createRelayer, getCompletion, getTask, isContractRevert, publishTask, signForwardRequest, type CityWalletClient, type SignedForwardRequest } from '@citysync/sdk';
import { TaskBoardAbi } from '@citysync/contracts';
import { increaseTime, latestTimestamp } from '../../../test/utils/chain.js';
import { MODULE, type TestCity, createTestCity, rejection } from '../../../test/utils/testCity.js';

let t: TestCity;
let taskId: bigint;
let gasless: CityWalletClient[];

beforeAll(async () => {
  t = await createTestCity();
  gasless = [10, 11, 12, 13, 14, 15, 16].map((i) => t.wallet(i));
  for (const p of gasless) await t.testClient.setBalance({ address: p.account.address, value: 0n });
  const now = await latestTimestamp(t.testClient);
  ({ taskId } = await publishTask(t.issuer, {
    city: t.city,
    module: MODULE,
    taskType: 'park-cleanup',
    rate: 5n,
    slots: 10,
    end: now + 24n * 3_600n,
    zone: 'zone.relay',
    evidenceSchemaHash: keccak256(toBytes('evidence.schema.v1')),
  }));
});

afterAll(async () => {
  await t?.stop();
});

const claimData = () => encodeFunctionData({ abi: TaskBoardAbi, functionName: 'claim', args: [taskId] });
const submitData = (evidenceHash: Hex) =>
  encodeFunctionData({ abi: TaskBoardAbi, functionName: 'submitCompletion', args: [taskId, evidenceHash] });

async function rejected(promise: Promise<unknown>): Promise<RelayerRequestRejectedError> {
  const error = await rejection(promise);
  if (!(error instanceof RelayerRequestRejectedError)) throw error;
  return error;
}

describe('createRelayer', () => {
  it('5 participants without ETH claim and submit through one batch', async () => {
    const relayer = createRelayer({ wallet: t.relayer, forwarder: t.city.forwarder, maxBatch: 20 });
    const five = gasless.slice(0, 5);
    for (const [i, participant] of five.entries()) {
      const claim = await signForwardRequest(participant, { city: t.city, to: t.city.taskBoard, data: claimData() });
      // The submission is signed before the claim executes: its gas cannot be estimated yet, and its nonce is next.
      const submit = await signForwardRequest(participant, {
        city: t.city,
        to: t.city.taskBoard,
        data: submitData(keccak256(toBytes(`evidence ${i}`))),
        gas: 200_000n,
        nonce: claim.nonce + 1n,
      });
      await relayer.submit(claim);
      expect((await relayer.submit(submit)).pending).toBe(2 * (i + 1));
    }

    const { results, batches } = await relayer.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.size).toBe(10);
    expect(results.map((r) => r.status)).toEqual(Array(10).fill('succeeded'));
    expect(relayer.pending).toBe(0);

    expect((await getTask(t.publicClient, { city: t.city, taskId })).claimed).toBe(5);
    for (const [i, participant] of five.entries()) {
      const completionId = await t.publicClient.readContract({
        address: t.city.taskBoard,
        abi: TaskBoardAbi,
        functionName: 'claimOf',
        args: [taskId, participant.account.address],
      });
      const completion = await getCompletion(t.publicClient, { city: t.city, completionId });
      expect(completion).toMatchObject({
        participant: participant.account.address,
        status: 'submitted',
        evidenceHash: keccak256(toBytes(`evidence ${i}`)),
      });
      expect(await t.publicClient.getBalance({ address: participant.account.address })).toBe(0n);
    }
  });

  it('rejects at submission what could never execute, with a typed reason', async () => {
    const relayer = createRelayer({ wallet: t.relayer, forwarder: t.city.forwarder });
    const [p] = gasless.slice(5);
    const now = Number(await latestTimestamp(t.testClient));
    const good = await signForwardRequest(p!, { city: t.city, to: t.city.taskBoard, data: claimData() });

    const tampered: SignedForwardRequest = { ...good, data: submitData(keccak256('0x02')) };
    expect((await rejected(relayer.submit(tampered))).reason).toBe('invalid-signature');

    const expired = await signForwardRequest(p!, {
      city: t.city,
      to: t.city.taskBoard,
      data: claimData(),
      deadline: now - 10,
    });
    const expiredError = await rejected(relayer.submit(expired));
    expect(expiredError.reason).toBe('expired');
    expect(expiredError.request).toBe(expired);

    const gap = await signForwardRequest(p!, { city: t.city, to: t.city.taskBoard, data: claimData(), nonce: 5n });
    expect((await rejected(relayer.submit(gap))).reason).toBe('wrong-nonce');

    const untrusted = await signForwardRequest(p!, { city: t.city, to: t.city.issuance, data: '0x', gas: 50_000n });
    expect((await rejected(relayer.submit(untrusted))).reason).toBe('untrusted-target');

    expect(relayer.pending).toBe(0);
    await relayer.submit(good);
    // The same request again: its nonce is already taken by the queued one.
    expect((await rejected(relayer.submit(good))).reason).toBe('wrong-nonce');
    await relayer.flush();
    // And once executed, a replay.
    expect((await rejected(relayer.submit(good))).reason).toBe('wrong-nonce');
  });

  it('a request whose call reverts fails alone; one that expired in the queue is skipped; the batch goes through', async () => {
    const relayer = createRelayer({ wallet: t.relayer, forwarder: t.city.forwarder });
    const [already, fresh, slow] = [gasless[0]!, gasless[6]!, gasless[1]!];
    // `already` claimed in the first test: the forwarded claim reverts with TaskBoardAlreadyClaimed.
    const reverting = await signForwardRequest(already, {
      city: t.city,
      to: t.city.taskBoard,
      data: claimData(),
      gas: 200_000n,
    });
    const now = Number(await latestTimestamp(t.testClient));
    const expiring = await signForwardRequest(slow, {
      city: t.city,
      to: t.city.taskBoard,
      data: claimData(),
      gas: 200_000n,
      deadline: now + 30,
    });
    const ok = await signForwardRequest(fresh, { city: t.city, to: t.city.taskBoard, data: claimData() });
    for (const request of [reverting, expiring, ok]) await relayer.submit(request);
    await increaseTime(t.testClient, 60);

    const { results, batches } = await relayer.flush();
    expect(batches).toHaveLength(1);
    expect(results.map((r) => r.status)).toEqual(['failed', 'skipped', 'succeeded']);
    const nonce = (address: `0x${string}`) =>
      t.publicClient.readContract({
        address: t.city.forwarder,
        abi: [...forwarderNonces],
        functionName: 'nonces',
        args: [address],
      });
    expect(await nonce(already.account.address)).toBe(reverting.nonce + 1n); // executed: the nonce is used
    expect(await nonce(slow.account.address)).toBe(expiring.nonce); // skipped: untouched
  });

  it('splits the queue into batches of maxBatch', async () => {
    const relayer = createRelayer({ wallet: t.relayer, forwarder: t.city.forwarder, maxBatch: 2 });
    for (const p of gasless.slice(0, 5)) {
      await relayer.submit(
        await signForwardRequest(p, { city: t.city, to: t.city.taskBoard, data: claimData(), gas: 200_000n }),
      );
    }
    const { results, batches } = await relayer.flush();
    expect(batches.map((b) => b.size)).toEqual([2, 2, 1]);
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('failed')); // all claimed already
  });

  it('an unaccredited relayer cannot flush: CityForwarderUnauthorizedRelayer, and the queue is kept', async () => {
    const relayer = createRelayer({ wallet: t.participant, forwarder: t.city.forwarder });
    await relayer.submit(
      await signForwardRequest(gasless[2]!, { city: t.city, to: t.city.taskBoard, data: claimData(), gas: 200_000n }),
    );
    const error = await rejection(relayer.flush());
    if (!isContractRevert(error, 'CityForwarderUnauthorizedRelayer')) throw error;
    expect(error.args).toEqual([t.participant.account.address]);
    expect(relayer.pending).toBe(1);
  });
});

const forwarderNonces = [
  {
    type: 'function',
    name: 'nonces',
    stateMutability: 'view',
    inputs: [{ name: 'owner', type: 'address' }],
    outputs: [{ name: '', type: 'uint256' }],
  },
] as const;
