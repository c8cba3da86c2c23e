// `dpan mce export` on a real anvil: a whole blight & safety MCE (runBlightEvent), exported through the SDK and the
// dpan binary; the record validates and its figures are those of what the run did (computed from the run's plan,
// not read back from the chain); the committed scaffolder fixture validates and has the structure of a fresh
// export; and the refusals (unknown event, event still running, a package that is not the installed version, an
// existing --out), none of which writes anything.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type AnvilInstance, startAnvil } from '@citysync/devnet';
import { CivicCreditAbi } from '@citysync/contracts';
import { loadCity } from '@citysync/sdk/node';
import { readModuleDirectory } from '@citysync/module-kit';
import { type MceRecord, validateDocument } from '@citysync/schemas';
import { getBlock, getContractEvents } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  MceEventNotFinishedError,
  MceEventNotFoundError,
  MceModuleMismatchError,
  MceRecordExistsError,
  exportMceRecord,
  isoOf,
  measureOutcomes,
  writeMceRecord,
} from '../src/index.js';
import { planBlightEvent, scenarioFigures } from '../scripts/blightScenario.js';
import { BLIGHT_MODULE_DIR, type RunBlightEventReturnType, runBlightEvent } from '../scripts/runEvent.js';
import { dpan } from './dpan.js';

const FIXTURE = fileURLToPath(new URL('../../../scaffolder/test/fixtures/blight-mce.record.json', import.meta.url));
const catalog = readModuleDirectory(BLIGHT_MODULE_DIR).catalog;

/** The error a promise rejects with (a resolution fails the test). */
const rejection = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => expect.fail('expected a rejection'), (error: unknown) => error);

const exportOf = (run: RunBlightEventReturnType, extra: { event?: string; moduleDir?: string; forkedFromOf?: (ref: string) => Promise<string | null> } = {}) =>
  exportMceRecord(run.client, {
    city: run.city,
    event: extra.event ?? run.eventId,
    moduleDir: extra.moduleDir ?? run.moduleDir,
    evidence: run.evidence,
    labels: run.labels,
    targets: run.targets,
    cityParameters: loadCity(run.cityDir).governance,
    fromBlock: run.fromBlock,
    forkedFromOf: extra.forkedFromOf,
  });

/** What must not change between two exports of the same kind of event: ids, counts and keys, not values or times. */
function structureOf(record: MceRecord) {
  return {
    keys: Object.keys(record).sort(),
    event: Object.keys(record.event).sort(),
    ticker: record.event.ticker,
    taskTypes: record.taskCatalog.map((t) => t.id),
    rules: record.verificationRules.map((r) => r.id),
    issuers: record.issuers.map((i) => Object.keys(i).sort()),
    redeemers: record.redeemers.map((r) => Object.keys(r).sort()),
    offers: record.offers.map((o) => [o.offering.id, Object.keys(o.offering).sort()]),
    incentives: record.incentives.map((i) => i.id),
    parameters: Object.keys(record.parameters).sort(),
    outcomes: Object.keys(record.outcomes).sort(),
    metrics: record.outcomes.metrics?.map((m) => [m.id, m.unit]),
    timeline: record.outcomes.timeline.length,
    lineage: record.lineage,
  };
}

describe('measureOutcomes (pure)', () => {
  const base = { participant: '0x0000000000000000000000000000000000000001', zoneId: '0x01', taskId: 1n, approved: false } as const;
  it('counts a completion approved by a verifier and then rejected as a dispute; lists empty intervals; retention over the first half of a short window', () => {
    const outcomes = measureOutcomes({
      start: 0n,
      end: 8n * 3_600n,
      activeBefore: new Set(['0x0000000000000000000000000000000000000002']),
      zones: ['0x01', '0x02'],
      completions: [
        { ...base, completionId: 1n, submittedAt: 60n, status: 'verified' },
        { ...base, completionId: 2n, submittedAt: 5n * 3_600n, status: 'rejected', approved: true },
        { ...base, participant: '0x0000000000000000000000000000000000000002', zoneId: '0x02', completionId: 3n, submittedAt: 120n, status: 'verified' },
      ],
    });
    expect(outcomes).toMatchObject({ completions: 3, verified: 2, rejected: 1, disputes: 1, verificationRate: 0.6667, participants: 2, newcomers: 1, retention: 0.5, zonesCleared: 1 });
    expect(outcomes.timeline.map((p) => p.completions)).toEqual([2, 0, 0, 0, 0, 1, 0, 0]);
    expect(outcomes.timeline[1]?.at).toBe(isoOf(3_600n));
  });
});

describe('dpan mce export: a 36-participant event, as the fixture was made', () => {
  let anvil: AnvilInstance;
  let dir: string;
  let run: RunBlightEventReturnType;
  let record: MceRecord;

  beforeAll(async () => {
    anvil = await startAnvil();
    dir = mkdtempSync(join(tmpdir(), 'blight-export-'));
    run = await runBlightEvent({ rpcUrl: anvil.rpcUrl, cityDir: join(dir, 'berkeley') });
    ({ record } = await exportOf(run));
  });

  afterAll(async () => {
    await anvil?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('the record validates against the MCE-record schema and its code rules', () => {
    expect(validateDocument('mce-record', record)).toEqual([]);
    expect(record.event).toMatchObject({ id: run.eventId, city: 'Berkeley', ticker: 'BRKY', chainId: 31337, start: isoOf(run.start), end: isoOf(run.end) });
    expect(run.eventId).toBe(`brky-blight-mce-${isoOf(run.start).slice(0, 10)}`);
  });

  it('its outcomes are what the run did: completions, verified, rejected, participants, newcomers, retention, credits, zones', () => {
    const e = run.expected;
    expect(record.outcomes).toMatchObject({
      completions: e.completions,
      verified: e.verified,
      rejected: e.rejected,
      disputes: 0,
      verificationRate: Math.round((e.verified / e.completions) * 10_000) / 10_000,
      participants: e.participants,
      newcomers: e.newcomers,
      retention: e.retention,
      creditsIssued: e.creditsIssued,
      creditsRedeemed: e.creditsRedeemed,
      zonesCleared: e.zonesCleared.length,
    });
    expect(e.rejected).toBeGreaterThan(0);
    expect(e.newcomers).toBeLessThan(e.participants);
    expect(record.outcomes.timeline.reduce((s, p) => s + p.completions, 0)).toBe(e.completions);
    expect(record.outcomes.timeline).toHaveLength(8); // 48 h in 6-hour intervals
    const metric = (id: string) => record.outcomes.metrics?.find((m) => m.id === id)?.value;
    expect(metric('hazards-reported')).toBe(e.hazardsReported);
    expect(metric('zones-cleared')).toBe(e.zonesWithCleanup.length);
    expect(metric('credits-redeemed')).toBe(e.creditsRedeemed);
    expect(Object.fromEntries((record.outcomes.metrics ?? []).filter((m) => m.target !== undefined).map((m) => [m.id, m.target]))).toEqual(run.targets);
  });

  it('lists the task types used with the rates paid, their rules, the issuers by name, the event offers and the parameters in force', () => {
    const { scenario, expected, orgs } = run;
    expect(record.taskCatalog.map((t) => t.id).sort()).toEqual([...expected.taskTypes].sort());
    for (const type of record.taskCatalog) {
      const rates = scenario.tasks.filter((t) => t.taskType === type.id).map((t) => t.rate);
      expect(rates).toContain(type.rate.default);
      expect(type.evidence).toEqual(catalog.taskTypes.find((t) => t.id === type.id)?.evidence);
    }
    expect(record.verificationRules.map((r) => r.id).sort()).toEqual([...new Set(record.taskCatalog.map((t) => t.verification))].sort());
    expect(record.issuers).toEqual([
      { address: orgs.publicWorks, name: 'Berkeley Public Works', tasksPublished: expected.byIssuer.publicWorks.tasks, completionsVerified: expected.byIssuer.publicWorks.verified },
      { address: orgs.transportation, name: 'Berkeley Transportation Division', tasksPublished: expected.byIssuer.transportation.tasks, completionsVerified: expected.byIssuer.transportation.verified },
      { address: orgs.parks, name: 'Berkeley Parks, Recreation & Waterfront', tasksPublished: expected.byIssuer.parks.tasks, completionsVerified: expected.byIssuer.parks.verified },
      { address: orgs.library, name: 'Berkeley Public Library', tasksPublished: expected.byIssuer.library.tasks, completionsVerified: expected.byIssuer.library.verified },
    ]);
    // The city's standing transit offer (the general economy's) is not the event's, nor what was redeemed on it.
    expect(record.offers.map((o) => [o.offering.id, o.offering.redeemer, o.exhaustedAt])).toEqual([
      ['cafe-drink', orgs.cafe, null],
      ['hardware-discount', orgs.hardware, null],
      ['lunch-voucher', orgs.lunch, null],
    ]);
    expect(record.redeemers.map((r) => r.name)).toEqual(['Telegraph Avenue Cafe', 'Grove Street Hardware', 'Shattuck Lunch Counter']);
    expect(record.redeemers.reduce((s, r) => s + r.creditsRedeemed, 0)).toBe(expected.creditsRedeemed);
    expect(record.incentives.map((i) => i.id)).toEqual(['hazard-audit-bonus-rate', 'cafe-drink', 'hardware-discount', 'lunch-voucher']);
    expect(record.parameters['budget.perPeriod']?.value).toBe(5_000); // installed with --set budget.perPeriod=5000
    expect(record.parameters['event.durationSeconds']?.value).toBeUndefined(); // the default, 48 h, ran
    expect(record.parameters['zones.top']?.value).toBe(5);
    expect(record.lineage).toEqual({ module: '@citysync/dpan-blight-mce@0.1.0', ancestors: [] });
    expect(Date.parse(record.exportedAt ?? '')).toBeGreaterThanOrEqual(Number(run.end) * 1000);
  });

  it('the committed fixture validates, came from this scenario, and has the structure of a fresh export', () => {
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as MceRecord;
    expect(validateDocument('mce-record', fixture, { file: 'blight-mce.record.json' })).toEqual([]);
    const planned = scenarioFigures(planBlightEvent(), catalog);
    expect(fixture.outcomes).toMatchObject({ completions: planned.completions, verified: planned.verified, rejected: planned.rejected, participants: planned.participants, creditsIssued: planned.creditsIssued, creditsRedeemed: planned.creditsRedeemed });
    expect(structureOf(fixture)).toEqual(structureOf(record));
    const { exportedAt: _a, event: _e, goal: _g, offers: freshOffers, outcomes: freshOutcomes, ...fresh } = record;
    const { exportedAt: _b, event: _f, goal: _h, offers: fixtureOffers, outcomes: fixtureOutcomes, ...committed } = fixture;
    // Addresses, names, rates and parameters are the same run's; only times differ.
    expect(committed).toEqual(fresh);
    expect({ ...fixtureOutcomes, timeline: [] }).toEqual({ ...freshOutcomes, timeline: [] });
    expect(fixtureOffers.map((o) => ({ ...o, offering: { ...o.offering, window: undefined } }))).toEqual(freshOffers.map((o) => ({ ...o, offering: { ...o.offering, window: undefined } })));
  });

  it('the dpan binary writes the same record; refuses an existing --out and an unknown event, writing nothing', async () => {
    const out = join(dir, 'record.json');
    const args = ['mce', 'export', '--city', run.cityDir, '--rpc', run.rpcUrl, '--evidence', run.evidenceDir, '--metadata', run.metadataFile];
    const ok = await dpan(...args, '--event', run.eventId, '--out', out, '--targets', run.targetsFile, '--json');
    expect(ok.code, ok.stderr).toBe(0);
    const written = JSON.parse(readFileSync(out, 'utf8')) as MceRecord;
    expect({ ...written, exportedAt: undefined }).toEqual({ ...record, exportedAt: undefined });
    expect((JSON.parse(ok.stdout) as { out: string; event: string }).event).toBe(run.eventId);

    writeFileSync(out, 'keep me');
    const exists = await dpan(...args, '--event', run.eventId, '--out', out);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain(`${out} exists`);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    // --force replaces it; --targets sets what the event aimed for on the manifest's metrics.
    const targets = join(dir, 'targets.json');
    writeFileSync(targets, JSON.stringify({ 'zones-cleared': 2, participants: 30 }));
    const forced = await dpan(...args, '--event', run.eventId, '--out', out, '--force', '--targets', targets);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`completions: ${run.expected.completions} (${run.expected.verified} verified, ${run.expected.rejected} rejected`);
    const targeted = JSON.parse(readFileSync(out, 'utf8')) as MceRecord;
    expect(targeted.outcomes.metrics?.filter((m) => m.target !== undefined).map((m) => [m.id, m.target])).toEqual([
      ['zones-cleared', 2],
      ['participants', 30],
    ]);
    writeFileSync(targets, JSON.stringify({ 'zones-cleared': 'all' }));
    const badTargets = await dpan(...args, '--event', run.eventId, '--out', join(dir, 'never.json'), '--targets', targets);
    expect(badTargets.code).toBe(2);
    expect(badTargets.stderr).toContain('#/zones-cleared: "all" is not a number');
    expect(existsSync(join(dir, 'never.json'))).toBe(false);

    const missing = join(dir, 'unknown.json');
    const unknown = await dpan(...args, '--event', 'brky-blight-mce-1999-01-01', '--out', missing);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No MCE event "brky-blight-mce-1999-01-01"');
    expect(unknown.stderr).toContain(run.eventId);
    expect(existsSync(missing)).toBe(false);
  });

  it('SDK refusals are typed: unknown event, an --out that exists', async () => {
    const error = await rejection(exportOf(run, { event: 'brky-blight-mce-1999-01-01' }));
    expect(error).toBeInstanceOf(MceEventNotFoundError);
    expect((error as MceEventNotFoundError).known.join()).toContain(run.eventId);
    const path = join(dir, 'exists.json');
    writeFileSync(path, '{}');
    expect(() => writeMceRecord(path, record)).toThrow(MceRecordExistsError);
    expect(readFileSync(path, 'utf8')).toBe('{}');
  });
});

describe('dpan mce export: a running event, an exhausted offer, a forked package', () => {
  let anvil: AnvilInstance;
  let dir: string;
  let run: RunBlightEventReturnType;

  beforeAll(async () => {
    anvil = await startAnvil();
    dir = mkdtempSync(join(tmpdir(), 'blight-export-fork-'));
    // The same module under its own name's lineage: a city's fork of Berkeley's (only dpan.json differs).
    const forkDir = join(dir, 'blight-fork');
    cpSync(BLIGHT_MODULE_DIR, forkDir, { recursive: true, filter: (source) => !/[/\\](node_modules|out|cache|test|scripts)([/\\]|$)/.test(source) });
    const manifest = JSON.parse(readFileSync(join(forkDir, 'dpan.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(forkDir, 'dpan.json'), `${JSON.stringify({ ...manifest, version: '2.0.0', forkedFrom: '@berkeley/dpan-blight-mce@1.0.0' }, null, 2)}\n`);
    const pkg = JSON.parse(readFileSync(join(forkDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(forkDir, 'package.json'), `${JSON.stringify({ ...pkg, version: '2.0.0' }, null, 2)}\n`);
    run = await runBlightEvent({ rpcUrl: anvil.rpcUrl, cityDir: join(dir, 'berkeley'), participants: 12, exhaust: 'lunch-voucher', graduating: true, finish: false, moduleDir: forkDir });
  });

  afterAll(async () => {
    await anvil?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an event that has not finished, in the SDK and the binary, writing nothing', async () => {
    const error = await rejection(exportOf(run));
    expect(error).toBeInstanceOf(MceEventNotFinishedError);
    expect((error as MceEventNotFinishedError).end).toBe(run.end);
    const out = join(dir, 'early.json');
    const result = await dpan('mce', 'export', '--city', run.cityDir, '--rpc', run.rpcUrl, '--event', run.eventId, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('has not finished');
    expect(existsSync(out)).toBe(false);
  });

  it('once finished: the exhausted offer says when it ran out, and the lineage follows forkedFrom up the chain', async () => {
    await run.finish();
    const parents: Record<string, string | null> = { '@berkeley/dpan-blight-mce@1.0.0': '@citysync/dpan-blight-mce@0.1.0', '@citysync/dpan-blight-mce@0.1.0': null };
    const { record } = await exportOf(run, { event: run.module, forkedFromOf: async (ref) => parents[ref] ?? null });
    expect(validateDocument('mce-record', record)).toEqual([]);
    expect(record.event.id).toBe(run.eventId);
    expect(record.lineage).toEqual({ module: '@citysync/dpan-blight-mce@2.0.0', ancestors: ['@berkeley/dpan-blight-mce@1.0.0', '@citysync/dpan-blight-mce@0.1.0'] });
    expect(run.expected.exhausted).toBe('lunch-voucher');
    const lunch = record.offers.find((o) => o.offering.id === 'lunch-voucher');
    expect(lunch?.unitsRedeemed).toBe(run.scenario.capacities['lunch-voucher']);
    // When: the block of the redemption that used the offer's last unit.
    const [created] = await getContractEvents(run.client, { address: run.city.credit, abi: CivicCreditAbi, eventName: 'OfferCreated', args: { redeemer: run.orgs.lunch }, fromBlock: run.fromBlock, strict: true });
    const redeemed = await getContractEvents(run.client, { address: run.city.credit, abi: CivicCreditAbi, eventName: 'Redeemed', args: { offerId: created?.args.offerId }, fromBlock: run.fromBlock, strict: true });
    const last = redeemed.at(-1);
    expect(last).toBeDefined();
    expect(lunch?.exhaustedAt).toBe(isoOf((await getBlock(run.client, { blockNumber: last?.blockNumber ?? 0n })).timestamp));
    expect(record.offers.filter((o) => o.exhaustedAt !== null).map((o) => o.offering.id)).toEqual(['lunch-voucher']);
    expect(record.outcomes).toMatchObject({ completions: run.expected.completions, verified: run.expected.verified, creditsRedeemed: run.expected.creditsRedeemed });
    // The announced targets sit on their metrics.
    expect(Object.keys(run.targets)).toHaveLength(3);
    expect(Object.fromEntries((record.outcomes.metrics ?? []).filter((m) => m.target !== undefined).map((m) => [m.id, m.target]))).toEqual(run.targets);
  });

  it('refuses a package that is not the version the city installed (the repository copy is not the fork)', async () => {
    const error = await rejection(exportOf(run, { moduleDir: BLIGHT_MODULE_DIR }));
    expect(error).toBeInstanceOf(MceModuleMismatchError);
    expect((error as MceModuleMismatchError).shortMessage).toContain('@citysync/dpan-blight-mce@2.0.0');
    // The binary finds no installed copy in .citysync/modules (the fork came from a directory) and says so.
    const out = join(dir, 'mismatch.json');
    const result = await dpan('mce', 'export', '--city', run.cityDir, '--rpc', run.rpcUrl, '--event', run.eventId, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not what the city installed');
    expect(existsSync(out)).toBe(false);
  });
});
