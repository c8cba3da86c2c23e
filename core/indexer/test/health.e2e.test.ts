// The health loop on a real anvil: a period with little redemption is indexed, classified red by the bands of the
// example governance.json, and the self-correction proposes setCoverageRatio to the issuance committee through
// proposeToCommittee; the committee passes it (threshold and delay) and the coverage ratio moves.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { decodeFunctionData, keccak256, toBytes } from 'viem';
import { readContract } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CommitteeAbi, IssuanceControllerAbi } from '@citysync/contracts';
import { applyHealthActions } from '../src/health/applyHealthActions.js';
import { type HealthRow, computeHealth } from '../src/health/computeHealth.js';
import { formatHealthTable } from '../src/health/formatHealthTable.js';
import type { HealthGovernance } from '../src/health/parameters.js';
import { readPeriodClock } from '../src/health/periodClock.js';
import { planHealthActions } from '../src/health/planHealthActions.js';
import { indexCity } from '../src/indexer/indexCity.js';
import { firstEventOf } from '../../sdk/src/internal/send.js';
import { increaseTime, passProposal } from '../../../test/utils/chain.js';
import { generateActivity } from '../../../test/utils/cityActivity.js';
import { type TestCity, createTestCity } from '../../../test/utils/testCity.js';

const governance = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../examples/berkeley/governance.json'), 'utf8'),
) as HealthGovernance;
const WEEK = 7 * 24 * 3_600;

let t: TestCity;
let dir: string;
let dbPath: string;
let rows: HealthRow[];

async function index(): Promise<void> {
  await indexCity({ publicClient: t.publicClient, contracts: t.city, fromBlock: t.city.blockNumber, dbPath });
}

beforeAll(async () => {
  t = await createTestCity();
  dir = mkdtempSync(join(tmpdir(), 'citysync-health-'));
  dbPath = join(dir, 'index.sqlite');
  // 20 participants x 2 tasks x 5 credits = 200 credits issued; 2 redemptions of 10 credits: efficiency 0.1.
  await generateActivity(t, { participants: 20, tasks: 2, rate: 5n, redemptions: 2, offerId: 1n });
  await increaseTime(t.testClient, WEEK);
  await index();
  rows = computeHealth({ dbPath, governance, periodClock: await readPeriodClock(t.publicClient, { credit: t.city.credit }) });
}, 300_000);

afterAll(async () => {
  await t?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('health on a real city', () => {
  it('computes the four indicators of the ended period', () => {
    // Period 0 only opened the city's offer (capacity backs the cap from the next period); the activity is in 1.
    expect(rows.map((r) => [r.period, r.complete])).toEqual([
      [0, true],
      [1, true],
      [2, false],
    ]);
    const period0 = rows[1] as HealthRow;
    expect(period0).toMatchObject({
      issued: 200,
      redeemed: 20,
      creditUseEfficiency: { value: 0.1, band: 'red', issued: 200, redeemed: 20 },
      spareCapacity: { value: 0.98, band: 'green', unitsOffered: 100, unitsRedeemed: 2 },
      balanceAccumulation: { ratio: { value: 0.18, band: 'green' }, outstanding: 180, periodCap: 1000, holders: 18 },
      engagement: { active: 20, newcomers: 20, retention: { value: null, band: 'none' } },
      band: 'red',
    });
    // 18 holders with 10 credits (2 redeemed all theirs): the top ceil(18 / 10) = 2 hold 20 of 180.
    expect(period0.balanceAccumulation.topDecileShare.value).toBeCloseTo(20 / 180, 10);
    const table = formatHealthTable(rows);
    expect(table).toMatch(/0\.10 red/);
    expect(table).toMatch(/period still running/);
  });

  it('shows the running period without bands', () => {
    const running = rows[2] as HealthRow;
    // No one active yet in a period that just started: figures so far, no red retention.
    expect(running).toMatchObject({
      complete: false,
      engagement: { active: 0, retention: { value: 0, band: 'none' }, band: 'none' },
      creditUseEfficiency: { band: 'none' },
      spareCapacity: { band: 'none' },
      balanceAccumulation: { band: 'none' },
      band: 'none',
    });
    const line = formatHealthTable(rows).split('\n')[4] as string;
    expect(line).toMatch(/^\s*2\*\s/);
    expect(line).toMatch(/\s0\.00\s+partial$/);
    expect(line).not.toMatch(/red|amber|green/);
  });

  it('proposes a lower coverage ratio to the issuance committee, which passes it', async () => {
    const [ratioBefore] = await readContract(t.publicClient, {
      address: t.city.issuance,
      abi: IssuanceControllerAbi,
      functionName: 'coverage',
    });
    const plan = planHealthActions(rows, governance, Number(ratioBefore));
    expect(plan).toMatchObject({ period: 1, band: 'red', direction: 'lower' });
    expect(plan.actions).toHaveLength(1);
    const [action] = plan.actions as [NonNullable<(typeof plan.actions)[number]>];
    expect(action).toMatchObject({ band: 'red', fromBps: 10_000, toBps: 9_500 });

    const [proposed] = await applyHealthActions(t.members[0], { city: t.city, actions: plan.actions });
    const created = firstEventOf(proposed!.receipt, CommitteeAbi, 'ProposalCreated', t.city.committees.issuance);
    expect(created.args.target).toBe(t.city.issuance);
    expect(decodeFunctionData({ abi: IssuanceControllerAbi, data: created.args.data })).toEqual({
      functionName: 'setCoverageRatio',
      args: [9_500n],
    });
    expect(created.args.descriptionHash).toBe(keccak256(toBytes(action.description)));

    await passProposal(t.testClient, {
      committee: t.city.committees.issuance,
      proposalId: proposed!.proposalId,
      approvers: [t.members[1]],
      executor: t.members[2],
    });
    const [ratioAfter] = await readContract(t.publicClient, {
      address: t.city.issuance,
      abi: IssuanceControllerAbi,
      functionName: 'coverage',
    });
    expect(ratioAfter).toBe(9_500n);

    // The index sees the whole path: the proposal and the new ratio.
    await index();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(dbPath, { readonly: true });
    try {
      const kinds = db
        .prepare("SELECT kind FROM proposals WHERE proposal_id = ? AND contract = (SELECT id FROM addresses WHERE address = ?) ORDER BY block_number, log_index")
        .pluck()
        .all(String(proposed!.proposalId), t.city.committees.issuance.toLowerCase());
      expect(kinds).toEqual(['created', 'approved', 'approved', 'scheduled', 'executed']);
      expect(db.prepare("SELECT ratio_bps FROM issuance WHERE kind = 'coverage_ratio_set' ORDER BY block_number DESC").pluck().get()).toBe(9_500);
    } finally {
      db.close();
    }
  });
});
