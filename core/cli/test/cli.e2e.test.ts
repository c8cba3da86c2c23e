// The `dpan` binary against a real embedded anvil, one city for the file: init, chain start, deploy, accredit,
// publish, claim/complete, verify, offer, redeem, index, health; a rejected transaction changes nothing; a chain
// stopped and started again still holds the city.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Address, createPublicClient, createTestClient, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CivicCreditAbi } from '@citysync/contracts';
import { dpan, dpanJson } from '../../../test/utils/dpan.js';

const MNEMONIC = 'test test test test test test test test test test test junk';
const address = (index: number): Address => mnemonicToAccount(MNEMONIC, { addressIndex: index }).address;

// Berkeley's accreditation committee is dev accounts 1-3 (2 of 3); the actors are other funded dev accounts.
const ISSUER = 4;
const REDEEMER = 5;
const ALICE = 7;
const BOB = 9;

type ChainStatus = { running: boolean; pid?: number; rpcUrl?: string; blockNumber?: string };
type HealthJson = {
  periods: {
    complete: boolean;
    issued: number;
    redeemed: number;
    creditUseEfficiency: { value: number | null; band: string };
    spareCapacity: { value: number | null; band: string; unitsOffered: number; unitsRedeemed: number };
    balanceAccumulation: { outstanding: number };
    engagement: { active: number; newcomers: number };
  }[];
};

let root: string;
let city: string;

function evidence(taskId: string, participant: number): string {
  const file = join(root, `evidence-${taskId}-${participant}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      $schema: 'https://schemas.citysync.dev/evidence.schema.json',
      taskId,
      participant: address(participant),
      observations: [{ kind: 'bags-collected', value: 4 }],
      photos: [{ sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', mediaType: 'image/jpeg' }],
      location: { lat: 37.8716, lon: -122.2727 },
      startedAt: '2025-04-12T09:00:00Z',
      completedAt: '2025-04-12T10:45:00Z',
    }),
  );
  return file;
}

async function creditsOf(account: number): Promise<bigint> {
  const { rpcUrl } = await dpanJson<ChainStatus>('chain', 'status', '--city', city);
  const deployment = JSON.parse(readFileSync(join(city, '.citysync', 'deployment.json'), 'utf8')) as {
    contracts: { credit: Address };
  };
  const client = createPublicClient({ transport: http(rpcUrl) });
  return await client.readContract({
    address: deployment.contracts.credit,
    abi: CivicCreditAbi,
    functionName: 'balanceOf',
    args: [address(account)],
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dpan-e2e-'));
  city = join(root, 'berkeley');
  expect((await dpan('city', 'init', city)).code).toBe(0);
  await dpanJson('chain', 'start', '--city', city);
  const deployed = await dpanJson<{ deployment: { chainId: number } }>('city', 'deploy', '--city', city);
  expect(deployed.deployment.chainId).toBe(31337);
}, 300_000);

afterAll(async () => {
  if (city === undefined) return;
  await dpan('chain', 'stop', '--city', city);
  // Never leave an anvil behind, even if `chain stop` failed.
  try {
    const record = JSON.parse(readFileSync(join(city, '.citysync', 'chain', 'anvil.json'), 'utf8')) as { pid: number };
    process.kill(record.pid, 'SIGKILL');
  } catch {
    // Stopped: anvil.json is gone.
  }
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('dpan against an embedded chain', () => {
  it('runs the economy: accredit, publish, claim/complete, verify, offer, redeem, index, health', async () => {
    const pending = await dpanJson<{ state: string; proposalId: string; next: string }>(
      'org', 'accredit', address(ISSUER), '--roles', 'issuer', '--city', city, '--account', '1',
    );
    expect(pending.state).toBe('pending');
    expect(pending.next).toContain(`dpan committee approve accreditation ${pending.proposalId}`);
    const approved = await dpanJson<{ readyAt: number }>(
      'committee', 'approve', 'accreditation', pending.proposalId, '--city', city, '--account', '2',
    );
    expect(approved.readyAt).toBeGreaterThan(0);
    const early = await dpan('committee', 'execute', 'accreditation', pending.proposalId, '--city', city);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('AccessManagerNotReady');

    const redeemer = await dpanJson<{ state: string }>(
      'org', 'accredit', address(REDEEMER), '--roles', 'redeemer', '--metadata', 'AC Transit',
      '--city', city, '--account', '1', '--approve-as', '3',
    );
    expect(redeemer.state).toBe('executed');
    // The issuer's proposal was left pending above: carry another one through to use the issuer now.
    const issuer = await dpanJson<{ state: string }>(
      'org', 'accredit', address(ISSUER), '--roles', 'issuer,verifier', '--city', city, '--account', '1', '--approve-as', '2',
    );
    expect(issuer.state).toBe('executed');

    // The period's issuance cap comes from redemption capacity: the offer comes first.
    const offer = await dpanJson<{ offerId: string }>(
      'offer', 'create', '--price', '5', '--capacity', '20', '--metadata', 'day pass', '--city', city, '--account', String(REDEEMER),
    );
    // Capacity backs the cap once it has been on offer since a period began: move to the next period.
    const { rpcUrl } = await dpanJson<ChainStatus>('chain', 'status', '--city', city);
    const clock = createTestClient({ mode: 'anvil', transport: http(rpcUrl) });
    await clock.increaseTime({ seconds: 7 * 24 * 3_600 });
    await clock.mine({ blocks: 1 });
    const task = await dpanJson<{ taskId: string; rate: string }>(
      'task', 'publish', '--type', 'park-cleanup', '--rate', '10', '--slots', '5', '--zone', 'aquatic-park',
      '--city', city, '--account', String(ISSUER),
    );
    expect(task).toMatchObject({ taskId: '1', rate: '10' });

    const alice = await dpanJson<{ completionId: string; claimed: boolean }>(
      'task', 'complete', '1', '--evidence', evidence('1', ALICE), '--city', city, '--account', String(ALICE),
    );
    expect(alice).toMatchObject({ completionId: '1', claimed: true });
    await dpanJson('task', 'claim', '1', '--city', city, '--account', String(BOB));
    const bob = await dpanJson<{ completionId: string; claimed: boolean }>(
      'task', 'complete', '1', '--evidence', evidence('1', BOB), '--city', city, '--account', String(BOB),
    );
    expect(bob).toMatchObject({ completionId: '2', claimed: false });

    const verified = await dpanJson<{ minted: { credits: string }[] }>(
      'task', 'verify', '1', '2', '--city', city, '--account', String(ISSUER),
    );
    expect(verified.minted.map((m) => m.credits)).toEqual(['10', '10']);

    const redeemed = await dpanJson<{ credits: string }>(
      'redeem', offer.offerId, '--units', '2', '--city', city, '--account', String(ALICE),
    );
    expect(redeemed.credits).toBe('10');

    const indexed = await dpanJson<{ events: number }>('index', '--city', city);
    expect(indexed.events).toBeGreaterThan(0);
    const figures = {
      issued: 20,
      redeemed: 10,
      balanceAccumulation: { outstanding: 10 },
      engagement: { active: 2, newcomers: 2 },
    };
    // The period is still running: its figures so far, no bands until it ends.
    // Period 0 only opened the offer; the economy ran in period 1.
    const running = await dpanJson<HealthJson>('health', '--city', city);
    expect(running.periods).toHaveLength(2);
    expect(running.periods[1]).toMatchObject({
      ...figures,
      complete: false,
      creditUseEfficiency: { value: 0.5, band: 'none' },
      spareCapacity: { value: 0.9, band: 'none', unitsOffered: 20, unitsRedeemed: 2 },
    });

    // A week later the period has ended and is banded from governance.json.
    await clock.increaseTime({ seconds: 7 * 24 * 3_600 });
    await clock.mine({ blocks: 1 });
    const health = await dpanJson<HealthJson>('health', '--city', city);
    const [, period] = health.periods;
    expect(period).toMatchObject({
      ...figures,
      complete: true,
      creditUseEfficiency: { value: 0.5, band: 'amber' },
      spareCapacity: { value: 0.9, band: 'green', unitsOffered: 20, unitsRedeemed: 2 },
    });
    const table = await dpan('health', '--city', city);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('credit use');
  }, 600_000);

  it('a reverted transaction exits 1 with the decoded error and what to do, and changes nothing', async () => {
    const before = await dpanJson<ChainStatus>('chain', 'status', '--city', city);
    const credits = await creditsOf(BOB);
    const result = await dpan('redeem', '1', '--units', '3', '--city', city, '--account', String(BOB));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`redeem() reverted with RedemptionDeskInsufficientCredits(${address(BOB)}, 10, 15)`);
    expect(result.stderr).toContain('next: the account holds 10 credits and needs 15: redeem fewer --units');
    const after = await dpanJson<ChainStatus>('chain', 'status', '--city', city);
    expect(after.blockNumber).toBe(before.blockNumber);
    expect(await creditsOf(BOB)).toBe(credits);

    const json = await dpan('task', 'publish', '--type', 'x', '--rate', '1000', '--slots', '1', '--city', city, '--account', String(ISSUER), '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { errorName: 'IssuanceControllerRateOutOfBounds' } });
  }, 300_000);

  it('chain stop then start keeps the city', async () => {
    const stopped = await dpanJson<{ stopped: boolean }>('chain', 'stop', '--city', city);
    expect(stopped.stopped).toBe(true);
    expect((await dpanJson<ChainStatus>('chain', 'status', '--city', city)).running).toBe(false);
    const offline = await dpan('redeem', '1', '--city', city, '--account', String(BOB));
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain('dpan chain start');

    const started = await dpanJson<{ resumed: boolean }>('chain', 'start', '--city', city);
    expect(started.resumed).toBe(true);
    expect(await creditsOf(ALICE)).toBe(0n);
    expect(await creditsOf(BOB)).toBe(10n);
    const redeemed = await dpanJson<{ credits: string }>('redeem', '1', '--units', '2', '--city', city, '--account', String(BOB));
    expect(redeemed.credits).toBe('10');
  }, 300_000);
});
