// The relayer API on a real anvil over real HTTP: every refusal with its status, reason and message, durable
// acceptance, batching, and each request's outcome decoded from the batch.
import { keccak256, toBytes } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TaskBoardAbi } from '@citysync/contracts';
import { type CityWalletClient, signForwardRequest } from '@citysync/sdk';
import { latestTimestamp } from '../../../test/utils/chain.js';
import { type TestCity, createTestCity } from '../../../test/utils/testCity.js';
import type { CityServer } from '../src/index.js';
import { bodyOf, claimData, get, post, publishOpenTask, settled, signClaim, startTestServer } from './helpers.js';

let t: TestCity;
let server: CityServer;
let taskId: bigint;
let participants: CityWalletClient[];

beforeAll(async () => {
  t = await createTestCity();
  participants = Array.from({ length: 20 }, (_, i) => t.wallet(20 + i));
  taskId = await publishOpenTask(t);
  // A batch of five goes when full; fewer wait 3 s (long enough that the five of the first test always share one).
  server = await startTestServer(t, { relayer: { batchSize: 5, batchIntervalMs: 3_000, perSignerPerMinute: 6 } });
});

afterAll(async () => {
  await server?.close();
  await t?.stop();
});

describe('POST /v1/requests', () => {
  it('answers 202 once stored, and sends the requests in batches whose outcome GET reports', async () => {
    const five = participants.slice(0, 5);
    const signed = await Promise.all(five.map((p) => signClaim(t, p, taskId)));
    const answers = await Promise.all(signed.map((r) => post(server, bodyOf(r))));
    for (const a of answers) {
      expect(a.status).toBe(202);
      expect(a.body).toEqual({ id: expect.any(String), status: 'queued' });
    }
    const outcomes = await Promise.all(answers.map((a) => settled(server.url, a.body.id)));
    for (const o of outcomes) expect(o).toMatchObject({ status: 'confirmed', outcome: 'executed', error: null });
    // Five requests, a batch size of five: one executeBatch transaction.
    expect(new Set(outcomes.map((o) => o.txHash)).size).toBe(1);
    for (const p of five) {
      const claim = await t.publicClient.readContract({
        address: t.city.taskBoard,
        abi: TaskBoardAbi,
        functionName: 'claimOf',
        args: [taskId, p.account.address],
      });
      expect(claim).toBeGreaterThan(0n);
    }
    // The same signed request again is the same request (an idempotent retry), not a second one.
  });

  it('a request that reverts in its batch is failed with the decoded revert; the others of the batch confirm', async () => {
    const oneSlot = await publishOpenTask(t, 1);
    const [a, b] = [participants[5]!, participants[6]!];
    // Both pass the check (each would succeed alone now); in the batch the second finds no slot left.
    const first = await post(server, bodyOf(await signClaim(t, a, oneSlot)));
    const second = await post(server, bodyOf(await signClaim(t, b, oneSlot)));
    expect([first.status, second.status]).toEqual([202, 202]);
    const [ok, failed] = await Promise.all([settled(server.url, first.body.id), settled(server.url, second.body.id)]);
    expect(ok.status).toBe('confirmed');
    expect(failed).toMatchObject({
      status: 'failed',
      outcome: 'reverted',
      txHash: ok.txHash,
      error: { name: 'TaskBoardNoSlotsLeft', message: `TaskBoardNoSlotsLeft(${oneSlot}, 1)` },
    });
  });

  it('400 with the JSON pointer of a malformed field', async () => {
    const signed = bodyOf(await signClaim(t, participants[7]!, taskId));
    const numberGas = await post(server, { request: { ...signed.request, gas: 300000 } });
    expect(numberGas.status).toBe(400);
    expect(numberGas.body.error).toEqual({
      reason: 'malformed',
      pointer: '/request/gas',
      message: 'body#/request/gas: 300000 is a whole number, expected a string',
    });
    const { signature: _, ...unsigned } = signed.request;
    const missing = await post(server, { request: unsigned });
    expect(missing.status).toBe(400);
    expect(missing.body.error.pointer).toBe('/request');
    expect(missing.body.error.message).toContain('missing required property "signature"');
    const notJson = await post(server, undefined, '{"request": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.reason).toBe('malformed');
  });

  it('400 for JSON nested deeper than the limit, measured before parsing', async () => {
    // 8,000 levels fill the 16 KiB body limit; the measure is a loop, so depth never reaches a recursive parser.
    const deep = `{"request": ${'['.repeat(8_000)}${']'.repeat(8_000)}}`;
    const answer = await post(server, undefined, deep);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ reason: 'too-deep', pointer: '/request/0/0/0/0/0/0/0' });
    expect(answer.body.error.message).toContain('nested more than 8 levels deep');
    expect((await get(`${server.url}/healthz`)).status).toBe(200);
  });

  it('413 over the body limit', async () => {
    const answer = await post(server, undefined, JSON.stringify({ request: { data: `0x${'00'.repeat(20_000)}` } }));
    expect(answer.status).toBe(413);
    expect(answer.body.error.reason).toBe('too-large');
    expect(answer.body.error.message).toContain('larger than 16384 bytes');
  });

  it('422 with the reason for a request that can never execute', async () => {
    const p = participants[8]!;
    const now = Number(await latestTimestamp(t.testClient));
    const good = await signClaim(t, p, taskId);

    const tampered = await post(server, bodyOf({ ...good, data: claimData(taskId + 1000n) }));
    expect(tampered.status).toBe(422);
    expect(tampered.body.error).toMatchObject({ reason: 'invalid-signature', pointer: '/request/signature' });

    const expired = await post(server, bodyOf(await signClaim(t, p, taskId, { deadline: now - 10 })));
    expect(expired.status).toBe(422);
    expect(expired.body.error.reason).toBe('expired');
    expect(expired.body.error.message).toMatch(/deadline: \d+ is before the chain's time \d+; sign the request again/);

    const gap = await post(server, bodyOf(await signClaim(t, p, taskId, { nonce: 7n })));
    expect(gap.status).toBe(422);
    expect(gap.body.error).toMatchObject({ reason: 'wrong-nonce', pointer: '/request/nonce' });
    expect(gap.body.error.message).toBe("body#/request/nonce: 7 cannot execute: the signer's next nonce is 0.");

    const elsewhere = await signForwardRequest(participants[14]!, { city: t.city, to: t.participant.account.address, data: '0x', gas: 50_000n });
    const notCity = await post(server, bodyOf(elsewhere));
    expect(notCity.status).toBe(422);
    expect(notCity.body.error).toMatchObject({ reason: 'not-city-target', pointer: '/request/to' });
    expect(notCity.body.error.message).toContain("is not one of the city's contracts");

    const q = participants[9]!;
    const untrusted = await post(server, bodyOf(await signForwardRequest(q, { city: t.city, to: t.city.issuance, data: '0x', gas: 50_000n })));
    expect(untrusted.status).toBe(422);
    expect(untrusted.body.error.reason).toBe('not-city-target');
    expect(untrusted.body.error.message).toContain('does not accept forwarded requests');

    // participants[0] claimed in the first test: the claim would revert now, decoded.
    const again = await post(server, bodyOf(await signClaim(t, participants[0]!, taskId)));
    expect(again.status).toBe(422);
    expect(again.body.error).toMatchObject({
      reason: 'would-revert',
      revert: { errorName: 'TaskBoardAlreadyClaimed', args: [String(taskId), participants[0]!.account.address] },
    });
    expect(again.body.error.message).toBe(`The call would revert now: TaskBoardAlreadyClaimed(${taskId}, ${participants[0]!.account.address})`);

    // Accepted once; the same nonce with another signature is a duplicate; the same request again is the same id.
    const accepted = await post(server, bodyOf(good));
    expect(accepted.status).toBe(202);
    const otherTask = await publishOpenTask(t);
    const sameNonce = await post(server, bodyOf(await signClaim(t, p, otherTask, { nonce: good.nonce })));
    expect(sameNonce.status).toBe(422);
    expect(sameNonce.body.error.reason).toMatch(/duplicate|wrong-nonce/);
    const retry = await post(server, bodyOf(good));
    if (retry.status === 202) expect(retry.body.id).toBe(accepted.body.id);
    else expect(retry.body.error.reason).toBe('wrong-nonce'); // already executed: a replay
    expect((await settled(server.url, accepted.body.id)).status).toBe('confirmed');
  });

  it('429 per signer over the limit, with Retry-After', async () => {
    const p = participants[10]!;
    const tampered = { ...(await signClaim(t, p, taskId)), data: claimData(999_999n) };
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await post(server, bodyOf(tampered));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([422, 422, 422, 422, 422, 422, 429]);
    expect(last!.body.error.reason).toBe('rate-limited-signer');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('GET /v1/requests/:id of an unknown id is 404; /v1/openapi.json describes the API; /metrics counts refusals by reason', async () => {
    expect((await get(`${server.url}/v1/requests/nope`)).status).toBe(404);
    const openapi = await get(`${server.url}/v1/openapi.json`);
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toContain('/v1/requests');
    expect(openapi.body.components.schemas.RelayRequest.properties.request.properties.from.pattern).toBe('^0x[0-9a-fA-F]{40}$');
    const metrics = (await get(`${server.url}/metrics`)).body as string;
    expect(metrics).toMatch(/citysync_relay_requests_refused_total\{reason="rate-limited-signer"\} 1/);
    expect(metrics).toMatch(/citysync_relay_requests_refused_total\{reason="too-deep"\} 1/);
    expect(metrics).toMatch(/citysync_relay_requests_accepted_total \d+/);
    expect(metrics).toMatch(/citysync_relay_batch_size_count \d+/);
    expect(metrics).toMatch(/citysync_relay_queue_depth\{state="queued"\} 0/);
    const health = await get(`${server.url}/healthz`);
    expect(health.body).toMatchObject({ status: 'ok', chain: { state: 'ok' }, parts: { relayer: { state: 'ok' } } });
  });
});

describe('limits of a small relayer', () => {
  it('429 per client address, 503 with Retry-After when the queue is full, and close() flushes what was queued', async () => {
    const small = await startTestServer(t, { relayer: { maxQueue: 1, batchIntervalMs: 60_000, perClientPerMinute: 3 } });
    try {
      const a = await post(small, bodyOf(await signClaim(t, participants[11]!, taskId)));
      expect(a.status).toBe(202);
      const full = await post(small, bodyOf(await signClaim(t, participants[12]!, taskId)));
      expect(full.status).toBe(503);
      expect(full.body.error.reason).toBe('queue-full');
      expect(Number(full.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await post(small, bodyOf(await signClaim(t, participants[12]!, taskId)));
      const limited = await post(small, bodyOf(await signClaim(t, participants[13]!, taskId)));
      expect(limited.status).toBe(429);
      expect(limited.body.error.reason).toBe('rate-limited-client');
      await small.close();
      // Closed with a 60 s interval: the queued request was sent and settled by close().
      const claim = await t.publicClient.readContract({
        address: t.city.taskBoard,
        abi: TaskBoardAbi,
        functionName: 'claimOf',
        args: [taskId, participants[11]!.account.address],
      });
      expect(claim).toBeGreaterThan(0n);
    } finally {
      await small.close();
    }
  });
});

void keccak256;
void toBytes;
