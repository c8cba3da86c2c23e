import type { HealthBand } from '@citysync/indexer';

import type { YearResult } from './runYear.js';
import type { AdversaryName, Scenario } from './scenario.js';

const severity: Record<HealthBand, number> = { none: 0, green: 1, amber: 2, red: 3 };

/** When an indicator, or another figure the city can read from its index, gives an adversary away. */
export type Detection = {
  adversary: AdversaryName;
  from: number;
  /** Per indicator band: the first period at or after `from` where it is worse than in the honest year (null: never). */
  indicators: Record<'creditUseEfficiency' | 'spareCapacity' | 'balanceAccumulation' | 'topDecileShare' | 'retention' | 'overall', number | null>;
  /** The figure beside the indicators that targets this adversary, its first flagged period, and false alarms in the honest year. */
  figure: { name: string; rule: string; firstFlagged: number | null; honestYearFlagged: number | null };
  /** Periods from the adversary's start to the first detection by anything above (null: never). */
  periodsToDetect: number | null;
};

type Bands = (y: YearResult, p: number) => HealthBand;
const bandOf: Record<keyof Detection['indicators'], Bands> = {
  creditUseEfficiency: (y, p) => y.periods[p]?.row.creditUseEfficiency.band ?? 'none',
  spareCapacity: (y, p) => y.periods[p]?.row.spareCapacity.band ?? 'none',
  balanceAccumulation: (y, p) => y.periods[p]?.row.balanceAccumulation.ratio.band ?? 'none',
  topDecileShare: (y, p) => y.periods[p]?.row.balanceAccumulation.topDecileShare.band ?? 'none',
  retention: (y, p) => y.periods[p]?.row.engagement.band ?? 'none',
  overall: (y, p) => y.periods[p]?.row.band ?? 'none',
};

/**
 * Per period, the largest share of one issuer's verified credits that went to captive accounts: accounts with at
 * least three verified completions, every one of them on that issuer's tasks.
 */
export function captiveIssuerShare(y: YearResult, s: Scenario): number[] {
  const rows = y.index.query<{ timestamp: number; participant: number; credits: number; issuer: number }>(
    `SELECT v.timestamp, v.participant, v.credits, t.issuer FROM verifications v
     JOIN tasks t ON t.task_id = v.task_id AND t.kind = 'published'
     WHERE v.kind = 'verified' ORDER BY v.block_number, v.log_index`,
  );
  const origin = y.periods[0]?.row.start ?? 0;
  const accounts = new Map<number, { issuer: number; count: number; mixed: boolean }>();
  const shares: number[] = new Array<number>(s.periods).fill(0);
  let i = 0;
  for (let p = 0; p < s.periods; p++) {
    const perIssuer = new Map<number, { total: number; captive: number }>();
    for (; i < rows.length; i++) {
      const r = rows[i] as (typeof rows)[number];
      if (Math.floor((r.timestamp - origin) / s.periodSeconds) > p) break;
      const a = accounts.get(r.participant) ?? { issuer: r.issuer, count: 0, mixed: false };
      if (a.issuer !== r.issuer) a.mixed = true;
      a.count++;
      accounts.set(r.participant, a);
      const totals = perIssuer.get(r.issuer) ?? { total: 0, captive: 0 };
      totals.total += r.credits;
      if (!a.mixed && a.count >= 3) totals.captive += r.credits;
      perIssuer.set(r.issuer, totals);
    }
    shares[p] = Math.max(0, ...[...perIssuer.values()].map((t) => (t.total > 0 ? t.captive / t.total : 0)));
  }
  return shares;
}

/** Per period, the offers whose capacity was raised and then lowered again within the period. */
export function capacityWithdrawnInPeriod(y: YearResult, s: Scenario): number[] {
  const rows = y.index.query<{ timestamp: number; offer_id: number; capacity: number; kind: string }>(
    "SELECT timestamp, offer_id, capacity, kind FROM offers WHERE kind IN ('created', 'updated') ORDER BY block_number, log_index",
  );
  const origin = y.periods[0]?.row.start ?? 0;
  const last = new Map<number, number>();
  const raisedIn = new Map<number, number>();
  const counts: number[] = new Array<number>(s.periods).fill(0);
  for (const r of rows) {
    const p = Math.floor((r.timestamp - origin) / s.periodSeconds);
    const before = last.get(r.offer_id);
    if (before !== undefined && r.capacity > before) raisedIn.set(r.offer_id, p);
    if (before !== undefined && r.capacity < before && raisedIn.get(r.offer_id) === p) counts[p] = (counts[p] ?? 0) + 1;
    last.set(r.offer_id, r.capacity);
  }
  return counts;
}

/** Per period, newcomers over the median of the four periods before (0 before there are four). */
export function newcomerBurst(y: YearResult): number[] {
  const n = y.periods.map((r) => r.row.engagement.newcomers);
  return n.map((v, p) => {
    if (p < 5) return 0;
    const before = n.slice(p - 4, p).sort((a, b) => a - b);
    const median = ((before[1] as number) + (before[2] as number)) / 2;
    return median > 0 ? v / median : 0;
  });
}

const figures: Record<AdversaryName, { name: string; rule: string; flagged: (y: YearResult, s: Scenario) => boolean[] }> = {
  sockPuppet: {
    name: 'captive issuer share',
    rule: 'an issuer pays half or more of its credits to accounts that have only ever worked for it (3+ completions)',
    flagged: (y, s) => captiveIssuerShare(y, s).map((x) => x >= 0.5),
  },
  capacityInflation: {
    name: 'capacity withdrawn within the period',
    rule: 'an offer raised its capacity and lowered it again in the same period',
    flagged: (y, s) => capacityWithdrawnInPeriod(y, s).map((x) => x > 0),
  },
  farm: {
    name: 'newcomer burst',
    rule: 'newcomers are more than 3 times the median of the 4 periods before',
    flagged: (y) => newcomerBurst(y).map((x) => x > 3),
  },
};

/** Compares the year with an adversary against the honest year of the same policy and seed. */
export function detect(adversary: AdversaryName, attacked: YearResult, honest: YearResult, s: Scenario): Detection {
  const from = s.adversaries?.[adversary]?.from ?? 0;
  const indicators = Object.fromEntries(
    Object.entries(bandOf).map(([name, band]) => {
      const found = attacked.periods.find((r) => r.period >= from && severity[band(attacked, r.period)] > severity[band(honest, r.period)]);
      return [name, found?.period ?? null];
    }),
  ) as Detection['indicators'];
  const figure = figures[adversary];
  const firstFlagged = figure.flagged(attacked, s).findIndex((x, p) => x && p >= from);
  const falseAlarm = figure.flagged(honest, s).findIndex((x) => x);
  const all = [...Object.values(indicators), firstFlagged >= 0 ? firstFlagged : null].filter((x): x is number => x !== null);
  return {
    adversary,
    from,
    indicators,
    figure: { name: figure.name, rule: figure.rule, firstFlagged: firstFlagged >= 0 ? firstFlagged : null, honestYearFlagged: falseAlarm >= 0 ? falseAlarm : null },
    periodsToDetect: all.length > 0 ? Math.min(...all) - from : null,
  };
}
