// The 48-hour blight & safety MCE on a real anvil: install through the kernel and the committees (which make the
// module the task board's policy), schedule the event, register the top 311 zones, assign them
// to four issuers, open a business offer, complete tasks with structured evidence inside the window, verify,
// redeem, and report; plus the refusals: a zone of another issuer, a claim before and after the window, evidence
// failing its schema, a point outside the zone, an offer redeemed after its window.
import { fileURLToPath } from 'node:url';

import { type AnvilInstance, startAnvil } from '@citysync/devnet';
import { type CityWalletClient, type CommitteeName, type ContractRevertError, type DeployCityReturnType, OrgRoles, accredit, approveProposal, claimTask, committeeNames, deployCity, executeDecisions, executeProposal, redeem, scheduleDecision, toId, verifyBatch } from '@citysync/sdk';
import { type InstallModuleReturnType, installModule } from '@citysync/sdk/node';
import { CivicCreditAbi, IssuanceControllerAbi, TaskBoardAbi } from '@citysync/contracts';
import { readModuleDirectory } from '@citysync/module-kit';
import type { EvidenceDocument } from '@citysync/schemas';
import { cellToLatLng } from 'h3-js';
import { createTestClient, createWalletClient, http, keccak256 } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { getBlock, readContract } from 'viem/actions';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  BLIGHT_MCE,
  HazardEvidenceError,
  type Zone,
  assignZones,
  blightMceAbi,
  buildReport,
  completeHazardTask,
  decodeBlightMceRevert,
  delegateSchedulingCall,
  hazardEvidenceSchemaHash,
  importZones,
  openEventOffer,
  publishEventTask,
  readEvent,
  registerZones,
  scheduleEventCall,
} from '../src/index.js';

const MNEMONIC = 'test test test test test test test test test test test junk';
const DIR = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = fileURLToPath(new URL('./fixtures/berkeley-311.synthetic.json', import.meta.url));
const DELAY = 3_600;
const BERKELEY_BOX = { south: 37.835, west: -122.325, north: 37.906, east: -122.234 };

let anvil: AnvilInstance;
let city: DeployCityReturnType;
let members: [CityWalletClient, CityWalletClient, CityWalletClient];
let deployer: CityWalletClient;
let publicWorks: CityWalletClient;
let transportation: CityWalletClient;
let parks: CityWalletClient;
let library: CityWalletClient;
let cafe: CityWalletClient;
let coordinator: CityWalletClient;
let residents: CityWalletClient[];
let installed: InstallModuleReturnType;
let zones: Zone[];
let testClient: ReturnType<typeof createTestClient>;
const evidence: EvidenceDocument[] = [];
const catalog = readModuleDirectory(DIR).catalog;

async function now(): Promise<bigint> {
  return (await getBlock(deployer, { blockTag: 'latest' })).timestamp;
}

async function fastForward(readyAt: number): Promise<void> {
  const t = await now();
  if (BigInt(readyAt) > t) await testClient.increaseTime({ seconds: readyAt - Number(t) });
  await testClient.mine({ blocks: 1 });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected a rejection');
}

function document(taskId: bigint, who: CityWalletClient, cell: string, observations: EvidenceDocument['observations'], at?: [number, number]): EvidenceDocument {
  const [lat, lon] = at ?? (cellToLatLng(cell) as [number, number]);
  return {
    taskId: taskId.toString(),
    participant: who.account.address,
    observations,
    photos: [
      { sha256: keccak256(`0x${taskId.toString(16).padStart(2, '0')}01`).slice(2), mediaType: 'image/jpeg' },
      { sha256: keccak256(`0x${taskId.toString(16).padStart(2, '0')}02`).slice(2), mediaType: 'image/jpeg' },
    ],
    location: { lat, lon },
    startedAt: '2026-01-10T09:00:00Z',
    completedAt: '2026-01-10T10:30:00Z',
    zoneId: cell,
  };
}

const cellOfRank = (rank: number): string => zones[rank - 1]?.cell ?? expect.fail(`no zone of rank ${rank}`);

beforeAll(async () => {
  anvil = await startAnvil();
  const transport = http(anvil.rpcUrl);
  testClient = createTestClient({ mode: 'anvil', chain: foundry, transport });
  const wallet = (i: number): CityWalletClient =>
    createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex: i }), chain: foundry, transport });
  deployer = wallet(0);
  members = [wallet(1), wallet(2), wallet(3)];
  publicWorks = wallet(4);
  transportation = wallet(5);
  parks = wallet(6);
  library = wallet(7);
  cafe = wallet(8);
  coordinator = wallet(9);
  residents = [wallet(10), wallet(11), wallet(12)];
  // anvil funds dev accounts 0-9; participants never pay gas in production (the relayer does), here they send directly.
  for (const r of residents) await testClient.setBalance({ address: r.account.address, value: 10n ** 18n });
  const committee = { members: members.map((m) => m.account.address), threshold: 2, delaySeconds: DELAY };
  city = await deployCity(deployer, {
    name: 'Berkeley',
    symbol: 'BRKY',
    periodLength: 7 * 24 * 3_600,
    coverage: { ratioBps: 8_000, minBps: 5_000, maxBps: 10_000 },
    rateBounds: { min: 1n, max: 100n },
    priceBounds: { min: 1n, max: 500n },
    committees: Object.fromEntries(committeeNames.map((n) => [n, committee])) as Record<CommitteeName, typeof committee>,
    guardians: [wallet(19).account.address],
    governor: { votingDelay: 60, votingPeriod: 600, proposalThreshold: 1n, quorumPercent: 4 },
    budgets: [],
  });
  for (const [org, roles] of [
    [publicWorks, OrgRoles.ISSUER],
    [transportation, OrgRoles.ISSUER],
    [parks, OrgRoles.ISSUER],
    [library, OrgRoles.ISSUER],
    [cafe, OrgRoles.REDEEMER],
  ] as const) {
    const { proposalId } = await accredit(members[0], { city, org: org.account.address, roles, metadataHash: keccak256(org.account.address) });
    const { scheduled } = await approveProposal(members[1], { committee: city.committees.accreditation, proposalId });
    await fastForward(scheduled?.readyAt ?? 0);
    await executeProposal(deployer, { committee: city.committees.accreditation, proposalId });
  }
});

afterAll(async () => {
  await anvil?.stop();
});

describe('blight-mce: install and prepare the event', () => {
  it('installs through the kernel and the committees; the module carries the evidence schema hash', async () => {
    installed = await installModule({
      dir: DIR,
      city,
      wallet: deployer,
      committees: { modules: members, issuance: members, rates: members },
      overrides: { 'budget.perPeriod': 5_000 },
      waitForDelay: fastForward,
    });
    expect(installed.permissions).toEqual([]);
    expect(installed.taskPolicy?.proposalId).toBeDefined();
    expect(await readContract(deployer, { address: city.taskBoard, abi: TaskBoardAbi, functionName: 'modulePolicy', args: [toId(BLIGHT_MCE)] })).toBe(installed.module);
    expect(installed.offersSkipped).toEqual(['cafe-drink', 'hardware-discount', 'lunch-voucher']);
    const event = await readEvent(deployer, { module: installed.module });
    expect(event.evidenceSchemaHash).toBe(hazardEvidenceSchemaHash());
    expect(event.duration).toBe(48n * 3_600n);
    expect(event.start).toBe(0n);
  });

  it('the modules committee schedules the event, after the upgrades committee delegates scheduleEvent to it', async () => {
    const delegation = await scheduleDecision(city.committees.upgrades, members, delegateSchedulingCall({ city, module: installed.module }));
    await executeDecisions(deployer, () => city.committees.upgrades, [delegation], fastForward);
    const [, , periodEnd] = await readContract(deployer, { address: city.credit, abi: CivicCreditAbi, functionName: 'currentPeriodBounds' });
    // The event runs in the next period: business offers opened before it back that period's cap.
    const start = periodEnd + 3_600n;
    const decision = await scheduleDecision(city.committees.modules, members, scheduleEventCall({ module: installed.module, start, coordinator: coordinator.account.address }));
    await executeDecisions(deployer, () => city.committees.modules, [decision], fastForward);
    const event = await readEvent(deployer, { module: installed.module });
    expect(event.start).toBe(start);
    expect(event.end).toBe(start + 48n * 3_600n);
    expect(event.coordinator).toBe(coordinator.account.address);
  });

  it('the coordinator registers the top zones from the 311 sample and assigns them to four issuers', async () => {
    ({ zones } = importZones({ file: SAMPLE, boundingBox: BERKELEY_BOX, skipInvalid: true, top: 5 }));
    expect(zones).toHaveLength(5);
    const { registered } = await registerZones(coordinator, { module: installed.module, zones });
    expect(registered).toBe(5);
    const assignments: [CityWalletClient, number[]][] = [
      [publicWorks, [1, 3]],
      [transportation, [2]],
      [parks, [4]],
      [library, [5]],
    ];
    for (const [issuer, ranks] of assignments) {
      await assignZones(coordinator, { module: installed.module, issuer: issuer.account.address, zoneIds: ranks.map((r) => zones[r - 1]?.zoneId ?? '0x') });
    }
    const event = await readEvent(deployer, { module: installed.module });
    expect(event.zones.map((z) => [z.cell, z.rank, z.requests])).toEqual(zones.map((z) => [z.cell, z.rank, z.requests]));
    const error = await rejection(registerZones(publicWorks, { module: installed.module, zones }));
    expect(decodeBlightMceRevert(error)?.errorName).toBe('BlightMceNotCoordinator');
  });
});

describe('blight-mce: the 48-hour event', () => {
  const tasks: Record<string, bigint> = {};
  let offerId: bigint;

  it('each issuer publishes in its own zones; a zone of another issuer is refused at publish', async () => {
    const publish = async (issuer: CityWalletClient, taskType: string, rate: bigint, rank: number) =>
      (await publishEventTask(issuer, { city, module: installed.module, taskType, rate, slots: 5, cell: cellOfRank(rank) })).taskId;
    tasks.audit = await publish(publicWorks, 'hazard-audit', 10n, 1);
    tasks.cleanup = await publish(publicWorks, 'illegal-dumping-cleanup', 25n, 3);
    tasks.intersection = await publish(transportation, 'intersection-audit', 20n, 2);
    tasks.trail = await publish(parks, 'trail-cleanup', 20n, 4);
    tasks.onboarding = await publish(library, 'volunteer-onboarding', 15n, 5);
    const error = await rejection(publish(transportation, 'intersection-audit', 20n, 1));
    expect(decodeBlightMceRevert(error)?.errorName).toBe('BlightMceZoneNotAssigned');
    const late = await rejection(
      publishEventTask(parks, { city, module: installed.module, taskType: 'trail-cleanup', rate: 20n, slots: 1, cell: cellOfRank(4), end: (await readEvent(deployer, { module: installed.module })).end + 1n }),
    );
    expect(decodeBlightMceRevert(late)?.errorName).toBe('BlightMceOutsideEvent');
    const { offerId: id } = await openEventOffer(cafe, { city, module: installed.module, offering: 'cafe-drink', title: 'Coffee', price: 5n, capacity: 300n, graceSeconds: 86_400n });
    offerId = id;
  });

  it('refuses a claim before the window opens', async () => {
    const error = await rejection(claimTask(residents[0] as CityWalletClient, { city, taskId: tasks.audit ?? 0n }));
    expect((error as ContractRevertError).errorName).toBe('TaskBoardOutsideWindow');
  });

  it('inside the window: valid evidence goes on chain; schema failures and points outside the zone send nothing', async () => {
    const event = await readEvent(deployer, { module: installed.module });
    await fastForward(Number(event.start));
    const [alice, bob, carol] = residents as [CityWalletClient, CityWalletClient, CityWalletClient];

    // Evidence failing the module's schema: an unknown category and a severity of 9.
    const before = await now();
    const bad = document(tasks.audit ?? 0n, alice, cellOfRank(1), [
      { kind: 'hazard-category', value: 'potholes' },
      { kind: 'severity', value: 9 },
    ]);
    const schemaError = await rejection(completeHazardTask(alice, { city, evidence: bad, catalog, claim: true }));
    expect(schemaError).toBeInstanceOf(HazardEvidenceError);
    expect((schemaError as HazardEvidenceError).issues.map((i) => i.pointer)).toEqual(['/observations/0/value', '/observations/1/value']);
    // A point in another zone.
    const elsewhere = document(tasks.audit ?? 0n, alice, cellOfRank(1), [
      { kind: 'hazard-category', value: 'graffiti' },
      { kind: 'severity', value: 2 },
    ], cellToLatLng(cellOfRank(2)) as [number, number]);
    const zoneError = await rejection(completeHazardTask(alice, { city, evidence: elsewhere, catalog, claim: true }));
    expect((zoneError as HazardEvidenceError).issues.map((i) => i.pointer)).toEqual(['/location']);
    expect(await now()).toBe(before); // nothing was sent

    const complete = async (who: CityWalletClient, task: string, rank: number, observations: EvidenceDocument['observations']) => {
      const doc = document(tasks[task] ?? 0n, who, cellOfRank(rank), observations);
      const { completionId, evidenceHash } = await completeHazardTask(who, { city, evidence: doc, catalog, claim: true });
      evidence.push(doc);
      return { completionId, evidenceHash };
    };
    const hazard = (category: string, severity: number, note?: string): EvidenceDocument['observations'] => [
      { kind: 'hazard-category', value: category, ...(note === undefined ? {} : { note }) },
      { kind: 'severity', value: severity },
    ];
    const c1 = await complete(alice, 'audit', 1, hazard('illegal-dumping', 4, 'mattress and paint cans'));
    const c2 = await complete(bob, 'audit', 1, hazard('graffiti', 2));
    const c3 = await complete(alice, 'cleanup', 3, [...hazard('illegal-dumping', 3), { kind: 'bags-collected', value: 7 }]);
    const c4 = await complete(carol, 'intersection', 2, hazard('unsafe-intersection', 5, 'no crosswalk paint, fast traffic'));
    const c5 = await complete(bob, 'trail', 4, [...hazard('overgrown-sidewalk', 3), { kind: 'bags-collected', value: 2 }]);
    const c6 = await complete(carol, 'onboarding', 5, [{ kind: 'newcomers-onboarded', value: 6 }]);

    await verifyBatch(publicWorks, { city, completionIds: [c1.completionId, c2.completionId, c3.completionId] });
    await verifyBatch(transportation, { city, completionIds: [c4.completionId] });
    await verifyBatch(parks, { city, completionIds: [c5.completionId] });
    await verifyBatch(library, { city, completionIds: [c6.completionId] });
    const balance = (who: CityWalletClient) => readContract(deployer, { address: city.credit, abi: CivicCreditAbi, functionName: 'balanceOf', args: [who.account.address] });
    expect(await balance(alice)).toBe(35n);
    expect(await balance(bob)).toBe(30n);
    expect(await balance(carol)).toBe(35n);
    const period = await readContract(deployer, { address: city.credit, abi: CivicCreditAbi, functionName: 'currentPeriod' });
    expect(await readContract(deployer, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'moduleSpent', args: [toId(BLIGHT_MCE), period] })).toBe(100n);
    // The cap of the event's period comes from the business offer, opened in the period before and weighted by the
    // share of the period its window (the 48-hour event and a grace day) covers: 5 x 300 x 72h / 168h, x 80%.
    const [cap] = await readContract(deployer, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'periodIssuance', args: [period] });
    expect(cap).toBe(((5n * 300n * 72n) / 168n) * 8_000n / 10_000n);

    const { credits } = await redeem(alice, { city, offerId, units: 3n });
    expect(credits).toBe(15n);
  });

  it('refuses a claim after the window closes, and the business offer after its own window', async () => {
    const event = await readEvent(deployer, { module: installed.module });
    await fastForward(Number(event.end));
    const [, , dave] = residents as [CityWalletClient, CityWalletClient, CityWalletClient];
    const claimError = await rejection(claimTask(dave, { city, taskId: tasks.trail ?? 0n }));
    expect((claimError as ContractRevertError).errorName).toBe('TaskBoardOutsideWindow');
    expect(await readContract(deployer, { address: installed.module, abi: blightMceAbi, functionName: 'isLive' })).toBe(false);
    await redeem(residents[1] as CityWalletClient, { city, offerId, units: 1n }); // still inside the grace day
    await fastForward(Number(event.end) + 86_400);
    const offerError = await rejection(redeem(residents[1] as CityWalletClient, { city, offerId, units: 1n }));
    expect((offerError as ContractRevertError).errorName).toBe('RedemptionDeskOutsideWindow');
  });

  it('reports from chain events: tasks by issuer, credits, zones cleared, participants, the hazard dataset', async () => {
    const { summary, hazards } = await buildReport(deployer, { city, module: installed.module, catalog, evidence });
    expect(summary.tasksByIssuer.map((s) => [s.issuer, s.tasks, s.verified, s.credits])).toEqual([
      [publicWorks.account.address, 2, 3, 45n],
      [transportation.account.address, 1, 1, 20n],
      [parks.account.address, 1, 1, 20n],
      [library.account.address, 1, 1, 15n],
    ]);
    expect(summary.completions).toEqual({ submitted: 6, verified: 6, rejected: 0 });
    expect(summary.creditsIssued).toBe(100n);
    expect(summary.creditsRedeemed).toBe(20n);
    expect(summary.offers).toHaveLength(1);
    expect(summary.zones).toEqual({ registered: 5, cleared: [cellOfRank(3), cellOfRank(4)].sort() });
    expect(summary.participants).toBe(3);
    expect(summary.newcomers).toBe(3);
    expect(summary.missingEvidence).toBe(0);
    expect(hazards.features.map((f) => [f.properties.category, f.properties.severity, f.properties.zone])).toEqual([
      ['illegal-dumping', 4, cellOfRank(1)],
      ['graffiti', 2, cellOfRank(1)],
      ['illegal-dumping', 3, cellOfRank(3)],
      ['unsafe-intersection', 5, cellOfRank(2)],
      ['overgrown-sidewalk', 3, cellOfRank(4)],
    ]);
    const [lat, lon] = cellToLatLng(cellOfRank(2));
    expect(hazards.features[3]?.geometry).toEqual({ type: 'Point', coordinates: [lon, lat] });
  });
});
