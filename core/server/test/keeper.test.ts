// The keeper on a real anvil whose clock moves through periods (the test city's period 0 only opens its offer): a
// red period (credits issued, barely redeemed) is
// proposed to the issuance committee once, with its markdown, and alerted to a webhook; restarted on the same data
// directory, the keeper does not propose it again; the next period, weak too, is proposed once.
import { type IncomingMessage, createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { pino } from 'pino';
import type { LocalAccount } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CommitteeAbi } from '@citysync/contracts';
import type { HealthGovernance } from '@citysync/indexer';
import { increaseTime } from '../../../test/utils/chain.js';
import { generateActivity } from '../../../test/utils/cityActivity.js';
import { type TestCity, createTestCity } from '../../../test/utils/testCity.js';
import { type CityServer, startCityServer } from '../src/index.js';
import { get, tempDir } from './helpers.js';

const governance = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../examples/berkeley/governance.json'), 'utf8'),
) as HealthGovernance;
const WEEK = 7 * 24 * 3_600;

let t: TestCity;
let webhook: { url: string; bodies: unknown[]; close(): Promise<void> };

beforeAll(async () => {
  t = await createTestCity();
  // 20 participants x 2 tasks x 5 credits issued, 2 redemptions: credit use efficiency 0.1, red.
  await generateActivity(t, { participants: 20, tasks: 2, rate: 5n, redemptions: 2, offerId: 1n });
  await increaseTime(t.testClient, WEEK);
  const bodies: unknown[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      bodies.push(JSON.parse(text));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  webhook = { url: `http://127.0.0.1:${port}/alerts`, bodies, close: () => new Promise((done) => server.close(() => done())) };
}, 300_000);

afterAll(async () => {
  await webhook?.close();
  await t?.stop();
});

async function startKeeper(dataDir: string, parameters: HealthGovernance = governance): Promise<CityServer> {
  return await startCityServer({
    rpcUrl: t.anvil.rpcUrl,
    contracts: t.city,
    dataDir,
    parts: ['indexer', 'keeper'],
    logger: pino({ level: 'silent' }),
    indexer: { fromBlock: t.city.blockNumber, pollIntervalMs: 60_000 },
    keeper: { governance: parameters, proposerAccount: t.members[0].account as LocalAccount, webhookUrl: webhook.url, pollIntervalMs: 200 },
  });
}

async function issuanceProposals(): Promise<{ proposalId: bigint; descriptionHash: string }[]> {
  const events = await t.publicClient.getContractEvents({
    address: t.city.committees.issuance,
    abi: CommitteeAbi,
    eventName: 'ProposalCreated',
    fromBlock: t.city.blockNumber,
  });
  return events.map((e) => ({ proposalId: e.args.proposalId!, descriptionHash: e.args.descriptionHash! }));
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the health keeper', () => {
  it('proposes a red period once, with its markdown, alerts the webhook, and not again after a restart', async () => {
    const dataDir = tempDir('keeper-');
    const first = await startKeeper(dataDir);
    try {
      const health = await until(
        async () => (await get(`${first.url}/healthz`)).body,
        (b) => (b.parts?.keeper?.alerts ?? []).some((a: { alert: string }) => a.alert === 'sent'),
        'the red alert',
      );
      expect(health.parts.keeper).toMatchObject({ state: 'ok', lastPeriod: 1, alerts: [{ period: 1, alert: 'sent' }] });
    } finally {
      await first.close();
    }
    const proposals = await issuanceProposals();
    expect(proposals).toHaveLength(1);
    expect(webhook.bodies).toHaveLength(1);
    expect(webhook.bodies[0]).toMatchObject({ period: 1, band: 'red', proposalId: String(proposals[0]!.proposalId) });
    expect((webhook.bodies[0] as { text: string }).text).toContain('# Draft: period 1 is red; lower the coverage ratio to 9500 bps');

    // Restarted on the same data directory: period 1 is known, nothing is proposed or alerted again.
    const second = await startKeeper(dataDir);
    try {
      await until(async () => (await get(`${second.url}/healthz`)).body, (b) => b.parts?.keeper?.lastPeriod === 1, 'a keeper pass');
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await issuanceProposals()).toHaveLength(1);
      expect(webhook.bodies).toHaveLength(1);

      // The clock moves on: period 2 completes (no one active, the credits still held: weak again), and is proposed
      // once, by this keeper, with its own description.
      await increaseTime(t.testClient, WEEK);
      await until(async () => (await get(`${second.url}/healthz`)).body, (b) => b.parts?.keeper?.lastPeriod === 2, 'period 2');
      const afterPeriod2 = await until(issuanceProposals, (p) => p.length === 2, 'the proposal of period 2');
      expect(afterPeriod2[1]!.descriptionHash).not.toBe(afterPeriod2[0]!.descriptionHash);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await issuanceProposals()).toHaveLength(2);
      const metrics = (await get(`${second.url}/metrics`)).body as string;
      expect(metrics).toMatch(/citysync_keeper_actions_total\{action="health-computed"\} 1/);
      // Period 2 is red as well: alerted once, newest first.
      expect((await get(`${second.url}/v1/alerts`)).body.alerts).toMatchObject([
        { period: 2, alert: 'sent' },
        { period: 1, alert: 'sent' },
      ]);
      expect(webhook.bodies.map((b) => (b as { period: number }).period)).toEqual([1, 2]);
    } finally {
      await second.close();
    }
  });

  it('alerts a red period with no proposal when coverage is already at its bound', async () => {
    // The city's ratio (10000 bps) is the lower bound here: no step down is possible, and the red period must
    // still reach the committee.
    const ratio = governance.parameters['issuance.coverageRatioBps']!;
    const atFloor: HealthGovernance = { ...governance, parameters: { ...governance.parameters, 'issuance.coverageRatioBps': { ...ratio, min: 10_000 } } };
    const before = (await issuanceProposals()).length;
    const sent = webhook.bodies.length;
    const keeper = await startKeeper(tempDir('keeper-floor-'), atFloor);
    try {
      const health = await until(
        async () => (await get(`${keeper.url}/healthz`)).body,
        (b) => (b.parts?.keeper?.alerts ?? []).some((a: { alert: string }) => a.alert === 'sent'),
        'the red alert at the bound',
      );
      expect(health.parts.keeper).toMatchObject({ state: 'ok', lastPeriod: 2, alerts: [{ period: 2, alert: 'sent' }] });
    } finally {
      await keeper.close();
    }
    expect(await issuanceProposals()).toHaveLength(before);
    expect(webhook.bodies.slice(sent)).toHaveLength(1);
    expect(webhook.bodies[sent]).toMatchObject({ period: 2, band: 'red', proposalId: null });
    expect((webhook.bodies[sent] as { text: string }).text).toContain('# Period 2 is red; no coverage step is possible (the ratio stays at 10000 bps)');
  });
});


