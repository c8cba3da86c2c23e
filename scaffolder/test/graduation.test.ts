// The graduation criteria file and the report: each criterion passes and fails on the record's own fields, in
// text and JSON.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { SchemaValidationError, formatIssue } from '@citysync/schemas';
import { validatePath } from '@citysync/schemas/node';
import { afterAll, describe, expect, it } from 'vitest';

import {
  type GraduationCriteria,
  type GraduationReport,
  defaultGraduationCriteriaFile,
  formatGraduationReport,
  gradeMceRecord,
  graduationCriteriaFrom,
  graduationParameterKeys,
  loadGraduationCriteria,
} from '../src/index.js';
import { BLIGHT_FILE, SAMPLE_FILE, readRecord, scratch, varied } from './helpers.js';

const criteria = loadGraduationCriteria();
const sample = readRecord(SAMPLE_FILE);
const blight = readRecord(BLIGHT_FILE);
const tmp = scratch('dpan-graduation-');
afterAll(tmp.remove);

const byId = (report: GraduationReport, id: string) => {
  const found = report.criteria.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no criterion ${id}`);
  return found;
};

describe('graduation criteria file', () => {
  it('scaffolder/graduation.json is a valid governance-parameters file with every threshold', () => {
    expect(validatePath(defaultGraduationCriteriaFile).map(formatIssue)).toEqual([]);
    expect(criteria.thresholds).toEqual({
      verificationMinShare: 0.9,
      engagementMinRetention: 0.3,
      engagementMinParticipants: 25,
      redemptionMinShare: 0.3,
      redemptionMaxExhaustedEarly: 0,
      outcomesMinTargets: 1,
      outcomesMinShareMet: 1,
    });
  });

  it("uses a parameter's chosen value over its default", () => {
    const document = {
      parameters: Object.fromEntries(
        Object.values(graduationParameterKeys).map((key) => [key, { default: 1, min: 0, max: 100, unit: 'count', description: 'x' }]),
      ),
    };
    const key = graduationParameterKeys.engagementMinParticipants;
    const parameter = document.parameters[key];
    if (parameter !== undefined) Object.assign(parameter, { value: 40 });
    expect(graduationCriteriaFrom(document, 'mine.json').thresholds.engagementMinParticipants).toBe(40);
  });

  it('refuses a file missing a threshold or naming an unknown one, at file#/pointer', () => {
    const document = {
      parameters: {
        'graduation.verificationReliability.minShare': { default: 0.9, min: 0, max: 1, unit: 'ratio', description: 'x' },
        'graduation.verificationReliability.minShar': { default: 0.9, min: 0, max: 1, unit: 'ratio', description: 'typo' },
      },
    };
    const error = (() => {
      try {
        graduationCriteriaFrom(document, 'mine.json');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SchemaValidationError);
    const lines = (error as SchemaValidationError).issues.map(formatIssue);
    expect(lines).toContain(
      `mine.json#/parameters: missing "graduation.sustainedEngagement.minRetention", a graduation threshold; allowed: ${Object.values(graduationParameterKeys).join(', ')}`,
    );
    expect(lines.some((l) => l.startsWith('mine.json#/parameters/graduation.verificationReliability.minShar: "graduation.verificationReliability.minShar" is not a graduation threshold'))).toBe(true);
    expect(lines).toHaveLength(7); // six missing, one unknown
  });

  it('refuses a file that fails its schema (value outside its bounds), with the file named', () => {
    const file = join(tmp.dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ parameters: { 'graduation.verificationReliability.minShare': { default: 2, min: 0, max: 1, unit: 'ratio', description: 'x' } } }));
    expect(() => loadGraduationCriteria(file)).toThrow(`${file}#/parameters/graduation.verificationReliability.minShare/default: 2 is outside the parameter's bounds`);
  });
});

describe('gradeMceRecord', () => {
  it('passes a record that meets every criterion, with values, thresholds and reasons', () => {
    const report = gradeMceRecord(sample, criteria);
    expect(report.pass).toBe(true);
    expect(report.event).toEqual({ id: 'west-berkeley-blight-2026-05', city: 'Berkeley', ticker: 'BRKY', module: '@citysync/dpan-blight-mce@0.1.0' });
    expect(report.criteria.map((c) => [c.id, c.pass, c.value, c.threshold])).toEqual([
      ['verification-reliability', true, 0.937, 0.9],
      ['sustained-engagement', true, 0.52, 0.3],
      ['stable-redemption', true, 4120 / 7215, 0.3],
      ['measurable-outcomes', true, 4, 1],
    ]);
    expect(byId(report, 'stable-redemption').why).toBe(
      '57.1% of the 7,215 credits issued were redeemed (at least 30% required); no offer ran out before the event ended (at most 0 allowed; hardware-discount ran out after it).',
    );
  });

  it('verification reliability: outcomes.verificationRate against the minimum share', () => {
    const at = gradeMceRecord(varied(sample, (r) => (r.outcomes.verificationRate = 0.9)), criteria);
    expect(byId(at, 'verification-reliability').pass).toBe(true);
    const below = gradeMceRecord(varied(sample, (r) => (r.outcomes.verificationRate = 0.899)), criteria);
    const c = byId(below, 'verification-reliability');
    expect([below.pass, c.pass, c.checks[0]?.pointer]).toEqual([false, false, '/outcomes/verificationRate']);
    expect(c.why).toBe('89.9% of the 412 completions were verified without dispute (389 verified, 15 rejected, 3 disputed): below the 90% required.');
  });

  it('sustained engagement: retention and enough participants, each its own check', () => {
    const lowRetention = byId(gradeMceRecord(varied(sample, (r) => (r.outcomes.retention = 0.29)), criteria), 'sustained-engagement');
    expect(lowRetention.checks.map((k) => k.pass)).toEqual([false, true]);
    const fewPeople = byId(gradeMceRecord(varied(sample, (r) => (r.outcomes.participants = 24)), criteria), 'sustained-engagement');
    expect(fewPeople.checks.map((k) => [k.pointer, k.pass])).toEqual([
      ['/outcomes/retention', true],
      ['/outcomes/participants', false],
    ]);
    expect(fewPeople.pass).toBe(false);
    expect(fewPeople.why).toContain('24 participants took part (below the 25 required)');
  });

  it('stable redemption: share of issued credits redeemed, and no offer exhausted before the end', () => {
    const low = byId(gradeMceRecord(varied(sample, (r) => (r.outcomes.creditsRedeemed = 2164)), criteria), 'stable-redemption');
    expect([low.pass, low.checks[0]?.pass]).toEqual([false, false]); // 2164 / 7215 = 29.99%
    const nothingIssued = byId(gradeMceRecord(varied(sample, (r) => ((r.outcomes.creditsIssued = 0), (r.outcomes.creditsRedeemed = 0))), criteria), 'stable-redemption');
    expect([nothingIssued.value, nothingIssued.pass]).toEqual([0, false]);
    const early = gradeMceRecord(
      varied(sample, (r) => {
        const offer = r.offers[1];
        if (offer !== undefined) offer.exhaustedAt = '2026-05-17T20:00:00Z'; // before the end, 2026-05-18T07:00Z
      }),
      criteria,
    );
    const c = byId(early, 'stable-redemption');
    expect(c.checks.map((k) => [k.pointer, k.value, k.pass])).toEqual([
      ['/outcomes/creditsRedeemed', 4120 / 7215, true],
      ['/offers/1/exhaustedAt', 1, false],
    ]);
    expect(c.why).toContain('hardware-discount ran out at 2026-05-17T20:00:00Z, before the event ended at 2026-05-18T07:00:00Z (more than the 0 allowed)');
    const atTheEnd = varied(sample, (r) => {
      const offer = r.offers[0];
      if (offer !== undefined) offer.exhaustedAt = r.event.end;
    });
    expect(byId(gradeMceRecord(atTheEnd, criteria), 'stable-redemption').pass).toBe(true);
  });

  it('measurable outcomes: enough metrics carry a target, and targets are met (value at least the target)', () => {
    const noTargets = byId(gradeMceRecord(blight, criteria), 'measurable-outcomes');
    expect(noTargets.checks.map((k) => [k.value, k.pass])).toEqual([
      [0, false],
      [1, true], // nothing targeted: "every target met" holds vacuously; the count is what fails
    ]);
    expect(noTargets.why).toBe('none of the 5 outcome metrics carries a target (below the 1 required), so no outcome was measured against an aim.');
    const missed = byId(
      gradeMceRecord(
        varied(sample, (r) => {
          const newcomers = r.outcomes.metrics?.[3];
          if (newcomers !== undefined) newcomers.value = 39; // target 40
        }),
        criteria,
      ),
      'measurable-outcomes',
    );
    expect(missed.checks.map((k) => [k.pointer, k.value, k.pass])).toEqual([
      ['/outcomes/metrics', 4, true],
      ['/outcomes/metrics/3/value', 0.75, false],
    ]);
    expect(missed.why).toContain('missed: newcomers 39 < 40');
    const noMetrics = varied(sample, (r) => delete r.outcomes.metrics);
    expect(byId(gradeMceRecord(noMetrics, criteria), 'measurable-outcomes').pass).toBe(false);
  });

  it('grades the exported blight record: reliable and engaging, but little redeemed and no targets', () => {
    const report = gradeMceRecord(blight, criteria);
    expect(report.criteria.map((c) => [c.id, c.pass])).toEqual([
      ['verification-reliability', true],
      ['sustained-engagement', true],
      ['stable-redemption', false],
      ['measurable-outcomes', false],
    ]);
    const lenient: GraduationCriteria = { ...criteria, thresholds: { ...criteria.thresholds, redemptionMinShare: 0.25, outcomesMinTargets: 0 } };
    expect(gradeMceRecord(blight, lenient).pass).toBe(true);
  });
});

describe('the report as text and JSON', () => {
  it('text: a verdict line, one block per criterion, each failing check at its place in the record', () => {
    const report = gradeMceRecord(varied(sample, (r) => (r.outcomes.retention = 0.25)), criteria);
    expect(formatGraduationReport(report, 'west.json')).toBe(
      [
        'MCE west-berkeley-blight-2026-05 (Berkeley, BRKY) does not graduate: 3 of 4 criteria pass',
        'pass  Verification reliability (verification-reliability)',
        '      93.7% of the 412 completions were verified without dispute (389 verified, 15 rejected, 3 disputed): at least 90% required.',
        'FAIL  Sustained engagement (sustained-engagement)',
        "      25% of the first day's participants came back later in the event (below the 30% required); 146 participants took part (at least 25 required).",
        "      west.json#/outcomes/retention: share of the first day's participants active again later 25% < 30% (graduation.sustainedEngagement.minRetention)",
        'pass  Stable redemption (stable-redemption)',
        '      57.1% of the 7,215 credits issued were redeemed (at least 30% required); no offer ran out before the event ended (at most 0 allowed; hardware-discount ran out after it).',
        'pass  Measurable outcomes (measurable-outcomes)',
        '      4 of 5 outcome metrics carry a target (at least 1 required) and 4 of them were met, 100% (at least 100% required): met: hazards-reported 214 >= 150, zones-cleared 8 >= 8, participants 146 >= 120, newcomers 61 >= 40.',
      ].join('\n'),
    );
  });

  it('JSON: { pass, event, criteria: [{ id, title, pass, value, threshold, why, checks }] }, round-tripping', () => {
    const report = gradeMceRecord(blight, criteria);
    const json = JSON.parse(JSON.stringify(report)) as GraduationReport;
    expect(json).toEqual(report);
    expect(Object.keys(json)).toEqual(['pass', 'event', 'criteria']);
    expect(json.criteria.map((c) => Object.keys(c))).toEqual(Array(4).fill(['id', 'title', 'pass', 'value', 'threshold', 'why', 'checks']));
    expect(json.criteria[2]?.checks[0]).toEqual({
      parameter: 'graduation.stableRedemption.minShare',
      measure: 'share of issued credits redeemed',
      pointer: '/outcomes/creditsRedeemed',
      value: 225 / 827,
      threshold: 0.3,
      bound: 'min',
      unit: 'share',
      pass: false,
    });
  });
});
