import type { HealthBand, HealthRow } from '@citysync/indexer';

import type { PeriodRecord, YearResult } from './runYear.js';
import type { Scenario } from './scenario.js';

/** One period of one policy as written to sim/results/<scenario>.json. */
export type PeriodFigures = {
  period: number;
  coverageBps: number;
  cap: number | null;
  issued: number;
  redeemed: number;
  outstanding: number;
  actives: number;
  newcomers: number;
  indicators: {
    creditUseEfficiency: number | null;
    spareCapacity: number | null;
    balanceAccumulation: number | null;
    topDecileShare: number | null;
    retention: number | null;
  };
  bands: {
    creditUseEfficiency: HealthBand;
    spareCapacity: HealthBand;
    balanceAccumulation: HealthBand;
    engagement: HealthBand;
    overall: HealthBand;
  };
  plan: PeriodRecord['plan'];
  proposal: PeriodRecord['proposal'];
  signal: boolean;
  deniedRedemptions: number;
  unpaidResidents: number;
  residents: number;
};

export type PolicySummary = {
  periods: number;
  green: number;
  amber: number;
  red: number;
  greenOrAmber: number;
  /** Periods after the surge (and after the redeemer leaves) until the city is green again; null: never. */
  recoverAfterSurge: number | null;
  recoverAfterRedeemerLeaves: number | null;
  redPeriods: number;
  redPeriodsWithSignal: number;
  proposals: number;
  rejectedProposals: number;
};

export function periodFigures(r: PeriodRecord): PeriodFigures {
  const row: HealthRow = r.row;
  return {
    period: r.period,
    coverageBps: r.coverageBps,
    cap: row.balanceAccumulation.periodCap,
    issued: row.issued,
    redeemed: row.redeemed,
    outstanding: row.balanceAccumulation.outstanding,
    actives: row.engagement.active,
    newcomers: row.engagement.newcomers,
    indicators: {
      creditUseEfficiency: row.creditUseEfficiency.value,
      spareCapacity: row.spareCapacity.value,
      balanceAccumulation: row.balanceAccumulation.ratio.value,
      topDecileShare: row.balanceAccumulation.topDecileShare.value,
      retention: row.engagement.retention.value,
    },
    bands: {
      creditUseEfficiency: row.creditUseEfficiency.band,
      spareCapacity: row.spareCapacity.band,
      balanceAccumulation: row.balanceAccumulation.band,
      engagement: row.engagement.band,
      overall: row.band,
    },
    plan: r.plan,
    proposal: r.proposal,
    signal: r.signal,
    deniedRedemptions: r.denied,
    unpaidResidents: r.unpaid,
    residents: r.residents,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Periods from `event` until the first green period after it (null when the year ends first). */
function recovery(records: readonly PeriodRecord[], event: number | undefined): number | null {
  if (event === undefined) return null;
  const back = records.find((r) => r.period > event && r.row.band === 'green');
  return back === undefined ? null : back.period - event;
}

export function summarise(year: YearResult, s: Scenario): PolicySummary {
  const classified = year.periods.filter((r) => r.row.band !== 'none');
  const count = (band: HealthBand) => classified.filter((r) => r.row.band === band).length;
  const n = classified.length;
  const red = classified.filter((r) => r.row.band === 'red');
  const leaves = s.redeemers.map((r) => r.leavesAt).find((p) => p !== undefined);
  const proposals = year.periods.filter((r) => r.proposal !== undefined);
  return {
    periods: n,
    green: round(count('green') / n),
    amber: round(count('amber') / n),
    red: round(count('red') / n),
    greenOrAmber: round((count('green') + count('amber')) / n),
    recoverAfterSurge: recovery(year.periods, s.surge?.period),
    recoverAfterRedeemerLeaves: recovery(year.periods, leaves),
    redPeriods: red.length,
    redPeriodsWithSignal: red.filter((r) => r.signal).length,
    proposals: proposals.length,
    rejectedProposals: proposals.filter((r) => r.proposal?.rejected).length,
  };
}
