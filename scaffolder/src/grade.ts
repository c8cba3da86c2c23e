import type { MceRecord } from '@citysync/schemas';

import { type GraduationCriteria, type GraduationThreshold, graduationParameterKeys } from './criteria.js';
import { count, percent } from './format.js';

export type GraduationCriterionId =
  | 'verification-reliability'
  | 'sustained-engagement'
  | 'stable-redemption'
  | 'measurable-outcomes';

/** One measured value against one threshold. */
export type GraduationCheck = {
  /** The criteria file's parameter key holding the threshold. */
  parameter: string;
  /** What was measured, in words. */
  measure: string;
  /** JSON pointer of the measured value in the MCE record. */
  pointer: string;
  value: number;
  threshold: number;
  /** `min`: the value must be at least the threshold; `max`: at most. */
  bound: 'min' | 'max';
  /** How value and threshold read: a share (0 to 1, shown as a percentage) or a count. */
  unit: 'share' | 'count';
  pass: boolean;
};

/** One graduation criterion: passes when all its checks pass. `value`/`threshold` are its first check's. */
export type GraduationCriterion = {
  id: GraduationCriterionId;
  title: string;
  pass: boolean;
  value: number;
  threshold: number;
  /** Why it passes or fails, in a sentence, with the numbers. */
  why: string;
  checks: GraduationCheck[];
};

export type GraduationReport = {
  /** Whether every criterion passes. */
  pass: boolean;
  event: { id: string; city: string; ticker: string; module: string | null };
  criteria: GraduationCriterion[];
};

/**
 * Scores an MCE record (already valid against its schema) against the graduation criteria. Pure: the same record
 * and criteria always give the same report.
 *
 *  - verification reliability: outcomes.verificationRate >= verificationMinShare;
 *  - sustained engagement: outcomes.retention >= engagementMinRetention and outcomes.participants >=
 *    engagementMinParticipants;
 *  - stable redemption: creditsRedeemed / creditsIssued (0 when nothing was issued) >= redemptionMinShare, and the
 *    offers whose exhaustedAt is before event.end number at most redemptionMaxExhaustedEarly;
 *  - measurable outcomes: the outcomes.metrics carrying a target number at least outcomesMinTargets, and the share
 *    of them whose value is at least their target is at least outcomesMinShareMet.
 *
 * @example
 * const report = gradeMceRecord(record, loadGraduationCriteria());
 * report.criteria.filter((c) => !c.pass).map((c) => c.why)
 */
export function gradeMceRecord(record: MceRecord, criteria: GraduationCriteria): GraduationReport {
  const check = (
    threshold: GraduationThreshold,
    measure: string,
    pointer: string,
    value: number,
    unit: 'share' | 'count',
    bound: 'min' | 'max' = 'min',
  ): GraduationCheck => {
    const limit = criteria.thresholds[threshold];
    return {
      parameter: graduationParameterKeys[threshold],
      measure,
      pointer,
      value,
      threshold: limit,
      bound,
      unit,
      pass: bound === 'min' ? value >= limit : value <= limit,
    };
  };
  const list = [verification(record, check), engagement(record, check), redemption(record, check), outcomes(record, check)];
  return {
    pass: list.every((c) => c.pass),
    event: { id: record.event.id, city: record.event.city, ticker: record.event.ticker, module: record.lineage.module },
    criteria: list,
  };
}

type Check = (
  threshold: GraduationThreshold,
  measure: string,
  pointer: string,
  value: number,
  unit: 'share' | 'count',
  bound?: 'min' | 'max',
) => GraduationCheck;

function criterion(id: GraduationCriterionId, title: string, checks: GraduationCheck[], why: string): GraduationCriterion {
  const [first] = checks;
  return { id, title, pass: checks.every((c) => c.pass), value: first?.value ?? 0, threshold: first?.threshold ?? 0, why, checks };
}

/** "at least 90% required" / "below the 90% required". */
function against(c: GraduationCheck): string {
  const limit = showCheckValue(c, c.threshold);
  if (c.bound === 'min') return c.pass ? `at least ${limit} required` : `below the ${limit} required`;
  return c.pass ? `at most ${limit} allowed` : `more than the ${limit} allowed`;
}

/** A check's value or threshold as a reader sees it: 0.944 -> "94.4%" for a share, 7215 -> "7,215" for a count. */
export function showCheckValue(check: Pick<GraduationCheck, 'unit'>, n: number): string {
  return check.unit === 'share' ? percent(n) : count(n);
}

function verification(record: MceRecord, check: Check): GraduationCriterion {
  const o = record.outcomes;
  const rate = check('verificationMinShare', 'share of completions verified without dispute', '/outcomes/verificationRate', o.verificationRate, 'share');
  const why = `${percent(o.verificationRate)} of the ${count(o.completions)} completions were verified without dispute (${count(o.verified)} verified, ${count(o.rejected)} rejected, ${count(o.disputes)} disputed): ${against(rate)}.`;
  return criterion('verification-reliability', 'Verification reliability', [rate], why);
}

function engagement(record: MceRecord, check: Check): GraduationCriterion {
  const o = record.outcomes;
  const retention = check('engagementMinRetention', "share of the first day's participants active again later", '/outcomes/retention', o.retention, 'share');
  const people = check('engagementMinParticipants', 'distinct participants', '/outcomes/participants', o.participants, 'count');
  const why = `${percent(o.retention)} of the first day's participants came back later in the event (${against(retention)}); ${count(o.participants)} participants took part (${against(people)}).`;
  return criterion('sustained-engagement', 'Sustained engagement', [retention, people], why);
}

function redemption(record: MceRecord, check: Check): GraduationCriterion {
  const o = record.outcomes;
  const share = o.creditsIssued === 0 ? 0 : o.creditsRedeemed / o.creditsIssued;
  const redeemed = check('redemptionMinShare', 'share of issued credits redeemed', '/outcomes/creditsRedeemed', share, 'share');
  const end = Date.parse(record.event.end);
  const early = record.offers
    .map((offer, index) => ({ offer, index }))
    .filter(({ offer }) => offer.exhaustedAt !== null && Date.parse(offer.exhaustedAt) < end);
  const firstEarly = early[0];
  const exhausted = check(
    'redemptionMaxExhaustedEarly',
    'offers exhausted before the event ended',
    firstEarly === undefined ? '/offers' : `/offers/${firstEarly.index}/exhaustedAt`,
    early.length,
    'count',
    'max',
  );
  const later = record.offers.filter((offer) => offer.exhaustedAt !== null && Date.parse(offer.exhaustedAt) >= end);
  const afterEnd = later.length > 0 ? `; ${later.map((o) => o.offering.id).join(', ')} ran out after it` : '';
  const offersText =
    early.length === 0
      ? `no offer ran out before the event ended (${against(exhausted)}${afterEnd})`
      : `${early.map(({ offer }) => `${offer.offering.id} ran out at ${offer.exhaustedAt ?? ''}`).join(', ')}, before the event ended at ${record.event.end} (${against(exhausted)})`;
  const why = `${percent(share)} of the ${count(o.creditsIssued)} credits issued were redeemed (${against(redeemed)}); ${offersText}.`;
  return criterion('stable-redemption', 'Stable redemption', [redeemed, exhausted], why);
}

function outcomes(record: MceRecord, check: Check): GraduationCriterion {
  const metrics = record.outcomes.metrics ?? [];
  const targeted = metrics.filter((m): m is typeof m & { target: number } => m.target !== undefined);
  const met = targeted.filter((m) => m.value >= m.target);
  const missed = targeted.filter((m) => m.value < m.target);
  const targets = check('outcomesMinTargets', 'outcome metrics with a target', '/outcomes/metrics', targeted.length, 'count');
  const firstMissed = missed[0];
  const shareMet = check(
    'outcomesMinShareMet',
    'share of targeted metrics met (value at least its target)',
    firstMissed === undefined ? '/outcomes/metrics' : `/outcomes/metrics/${metrics.indexOf(firstMissed)}/value`,
    // With nothing targeted, "every target met" holds vacuously: the count of targets is what fails.
    targeted.length === 0 ? 1 : met.length / targeted.length,
    'share',
  );
  const list = (ms: typeof targeted, sign: string) => ms.map((m) => `${m.id} ${count(m.value)} ${sign} ${count(m.target)}`).join(', ');
  const detail = [met.length > 0 ? `met: ${list(met, '>=')}` : '', missed.length > 0 ? `missed: ${list(missed, '<')}` : '']
    .filter((s) => s !== '')
    .join('; ');
  const why =
    targeted.length === 0
      ? `none of the ${count(metrics.length)} outcome metrics carries a target (${against(targets)}), so no outcome was measured against an aim.`
      : `${count(targeted.length)} of ${count(metrics.length)} outcome metrics carry a target (${against(targets)}) and ${count(met.length)} of them were met, ${percent(shareMet.value)} (${against(shareMet)}): ${detail}.`;
  return criterion('measurable-outcomes', 'Measurable outcomes', [targets, shareMet], why);
}
