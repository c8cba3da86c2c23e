// Following the chain: new blocks indexed as they come, and a reorganisation (made with anvil's evm_snapshot and
// evm_revert) rolled back to the fork point and read again, so the index holds the new fork's events only.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { keccak256, toBytes } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { publishTask } from '@citysync/sdk';
import { latestTimestamp } from '../../../test/utils/chain.js';
import { MODULE, type TestCity, createTestCity } from '../../../test/utils/testCity.js';
import { type CityFollower, type FollowStep, followCity } from '../src/index.js';

let t: TestCity;
let follower: CityFollower;
const steps: FollowStep[] = [];

beforeAll(async () => {
  t = await createTestCity();
  follower = followCity({
    publicClient: t.publicClient,
    contracts: t.city,
    fromBlock: t.city.blockNumber,
    dbPath: join(mkdtempSync(join(tmpdir(), 'follow-')), 'index.sqlite'),
    pollIntervalMs: 60_000, // polled by hand below
    onStep: (step) => steps.push(step),
  });
  await follower.poll();
});

afterAll(async () => {
  await follower?.stop();
  await t?.stop();
});

async function publish(slots: number): Promise<void> {
  const now = await latestTimestamp(t.testClient);
  await publishTask(t.issuer, {
    city: t.city,
    module: MODULE,
    taskType: 'park-cleanup',
    rate: 5n,
    slots,
    end: now + 3_600n,
    zone: 'zone.follow',
    evidenceSchemaHash: keccak256(toBytes('evidence.schema.v1')),
  });
}

const publishedSlots = () =>
  (follower.db.prepare(`SELECT slots FROM tasks WHERE kind = 'published' ORDER BY block_number`).pluck().all() as number[]);

describe('followCity', () => {
  it('indexes new blocks as they come', async () => {
    expect(follower.status()).toMatchObject({ state: 'following', rollbacks: 0 });
    await publish(3);
    await follower.poll();
    expect(publishedSlots()).toEqual([3]);
    expect(follower.status().cursor).toBe(await t.publicClient.getBlockNumber());
  });

  it('rolls back past a fork and reads the new fork', async () => {
    const snapshot = await t.testClient.snapshot();
    await publish(5);
    await t.testClient.mine({ blocks: 3 });
    await follower.poll();
    expect(publishedSlots()).toEqual([3, 5]);
    const forkedCursor = follower.status().cursor!;

    await t.testClient.revert({ id: snapshot });
    await publish(7);
    await t.testClient.mine({ blocks: 5 });
    await follower.poll();
    expect(publishedSlots()).toEqual([3, 7]);
    const status = follower.status();
    expect(status.rollbacks).toBe(1);
    expect(status.cursor).toBe(await t.publicClient.getBlockNumber());
    const rollback = steps.find((s) => s.kind === 'rolled-back');
    expect(rollback).toMatchObject({ kind: 'rolled-back', fromBlock: forkedCursor });
    expect(rollback!.toBlock!).toBeLessThan(forkedCursor);
  });

  it('a chain shorter than the index (reverted, nothing new) rolls back too', async () => {
    const snapshot = await t.testClient.snapshot();
    await publish(9);
    await follower.poll();
    expect(publishedSlots()).toEqual([3, 7, 9]);
    await t.testClient.revert({ id: snapshot });
    await follower.poll();
    expect(publishedSlots()).toEqual([3, 7]);
    expect(follower.status().rollbacks).toBe(2);
  });
});
