import Database from 'better-sqlite3';

import { readCursor } from '../indexer/database.js';
import {
  type HealthBand,
  type HealthGovernance,
  type HealthParameters,
  type Thresholds,
  bandOf,
  readHealthParameters,
  worstBand,
} from './parameters.js';
import { PeriodCalendar, type PeriodClock } from './periodClock.js';

export type HealthMetric = { value: number | null; band: HealthBand };

/** The four health indicators of one period. Formulas: docs/economy.md. */
export type HealthRow = {
  period: number;
  /** First second of the period and first second after it. */
  start: number;
  end: number;
  /**
   * Whether the period had ended at the last indexed block. A running period's figures are partial and all its
   * bands are `none`: only complete periods are classified (and acted on).
   */
  complete: boolean;
  /** Credits issued and redeemed in this period. */
  issued: number;
  redeemed: number;
  /** Redeemed / issued over the trailing window (`health.trailingPeriods` periods ending at this one). */
  creditUseEfficiency: HealthMetric & { issued: number; redeemed: number; fromPeriod: number };
  /** 1 - units redeemed / units offered in this period. */
  spareCapacity: HealthMetric & { unitsOffered: number; unitsRedeemed: number };
  /** Outstanding credits at the end of the period against the period cap, and how concentrated they are. */
  balanceAccumulation: {
    band: HealthBand;
    /** outstanding / periodCap */
    ratio: HealthMetric;
    /** Share of outstanding credits held by the top 10% of holders. */
    topDecileShare: HealthMetric;
    outstanding: number;
    /** The period's cap (the latest fixed cap when none was fixed in this period). */
    periodCap: number | null;
    holders: number;
  };
  /** Participants who claimed, submitted or redeemed. */
  engagement: {
    band: HealthBand;
    /** Share of the previous period's actives active again. */
    retention: HealthMetric;
    active: number;
    newcomers: number;
    retained: number;
  };
  /** The worst indicator band. */
  band: HealthBand;
};

export type ComputeHealthParameters = {
  /** The index database written by `indexCity`. */
  dbPath: string;
  /** The city's governance.json (bands and the trailing window). */
  governance: HealthGovernance;
  /** The ledger's period clock, read once (`readPeriodClock`). */
  periodClock: PeriodClock;
};

export type ComputeHealthReturnType = HealthRow[];

/**
 * Computes the health indicators of every period from the first indexed activity to the last indexed block.
 * Aggregation happens in SQLite (one pass per table, grouped by period and participant); only the per-period
 * series and the per-holder balances are finished in JavaScript.
 */
export function computeHealth(parameters: ComputeHealthParameters): ComputeHealthReturnType {
  const model = readHealthParameters(parameters.governance);
  const db = new Database(parameters.dbPath, { readonly: true, fileMustExist: true });
  try {
    // The per-participant grouping sorts about a row per event: keep it in memory.
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -65536');
    return healthRows(db, model, parameters.periodClock);
  } finally {
    db.close();
  }
}

type Series = Map<number, number>;

const add = (m: Series, k: number, v: number) => m.set(k, (m.get(k) ?? 0) + v);

function healthRows(db: Database.Database, model: HealthParameters, clock: PeriodClock): HealthRow[] {
  const cursor = readCursor(db);
  if (cursor === undefined) return [];
  const clocks = db
    .prepare("SELECT period AS offset, origin, length FROM periods WHERE kind = 'clock_set' ORDER BY block_number, log_index")
    .all() as PeriodClock[];
  const calendar = new PeriodCalendar(clocks, clock);
  const P = (column: string) => calendar.sql(column);

  // Rows are keyed by (block_number, log_index), so each table's first row holds its earliest timestamp.
  const firstOf = (table: string, where = '') =>
    `SELECT timestamp FROM ${table} ${where} ORDER BY block_number, log_index LIMIT 1`;
  const firstTimestamp = db
    .prepare(
      `SELECT MIN(t) FROM (${['claims', 'completions', 'verifications', 'redemptions', 'offers']
        .map((table) => `SELECT (${firstOf(table)}) AS t`)
        .join(' UNION ALL ')} UNION ALL SELECT (${firstOf('issuance', "WHERE kind = 'issued'")}))`,
    )
    .pluck()
    .get() as number | null;
  if (firstTimestamp === null) return [];
  const first = calendar.periodOf(firstTimestamp);
  const last = calendar.periodOf(cursor.blockTimestamp);

  const series = (sql: string): Series =>
    new Map((db.prepare(sql).raw().all() as [number, number][]).map(([p, v]) => [p, v]));
  const issued = series("SELECT period, SUM(amount) FROM issuance WHERE kind = 'issued' GROUP BY period");
  const redeemedByPeriod = db
    .prepare('SELECT period, SUM(credits), SUM(units) FROM redemptions GROUP BY period')
    .raw()
    .all() as [number, number, number][];
  const redeemed: Series = new Map(redeemedByPeriod.map(([p, c]) => [p, c]));
  const unitsRedeemed: Series = new Map(redeemedByPeriod.map(([p, , u]) => [p, u]));
  // Later PeriodCapFixed events of a period (a committee refresh) replace earlier ones.
  const caps = series("SELECT period, cap FROM periods WHERE kind = 'cap_fixed' ORDER BY block_number, log_index");
  const unitsOffered = offeredUnits(db, calendar, first, last);

  const { activity, decile } = participantFigures(db, P, first, last);

  const rows: HealthRow[] = [];
  let outstanding = 0;
  let cap: number | null = null;
  for (let p = first; p <= last; p++) {
    const { start, end } = calendar.bounds(p);
    const complete = end <= cursor.blockTimestamp;
    // A running period's figures are partial (its actives so far, its redemptions so far): they are reported,
    // but banding them would call a period that just started red.
    const classify = (value: number | null, thresholds: Thresholds): HealthBand =>
      complete ? bandOf(value, thresholds) : 'none';
    let windowIssued = 0;
    let windowRedeemed = 0;
    const fromPeriod = Math.max(first, p - model.trailingPeriods + 1);
    for (let q = fromPeriod; q <= p; q++) {
      windowIssued += issued.get(q) ?? 0;
      windowRedeemed += redeemed.get(q) ?? 0;
    }
    const efficiency = windowIssued > 0 ? windowRedeemed / windowIssued : null;

    const offered = unitsOffered.get(p) ?? 0;
    const used = unitsRedeemed.get(p) ?? 0;
    const spare = offered > 0 ? 1 - used / offered : null;

    outstanding += (issued.get(p) ?? 0) - (redeemed.get(p) ?? 0);
    cap = caps.get(p) ?? cap;
    const ratio = cap !== null && cap > 0 ? outstanding / cap : null;
    const share = decile.get(p) ?? { share: null, holders: 0 };
    const ratioMetric = metric(ratio, classify(ratio, model.balanceAccumulation));
    const shareMetric = metric(share.share, classify(share.share, model.topDecileShare));

    const now = activity.get(p) as Engagement;
    const before = activity.get(p - 1)?.active ?? 0;
    const retention = before > 0 ? now.retained / before : null;
    const retentionMetric = metric(retention, classify(retention, model.retention));

    const row: HealthRow = {
      period: p,
      start,
      end,
      complete,
      issued: issued.get(p) ?? 0,
      redeemed: redeemed.get(p) ?? 0,
      creditUseEfficiency: {
        ...metric(efficiency, classify(efficiency, model.creditUseEfficiency)),
        issued: windowIssued,
        redeemed: windowRedeemed,
        fromPeriod,
      },
      spareCapacity: {
        ...metric(spare, classify(spare, model.spareCapacity)),
        unitsOffered: offered,
        unitsRedeemed: used,
      },
      balanceAccumulation: {
        band: worstBand(ratioMetric.band, shareMetric.band),
        ratio: ratioMetric,
        topDecileShare: shareMetric,
        outstanding,
        periodCap: cap,
        holders: share.holders,
      },
      engagement: {
        band: retentionMetric.band,
        retention: retentionMetric,
        active: now.active,
        newcomers: now.newcomers,
        retained: now.retained,
      },
      band: 'none',
    };
    row.band = worstBand(
      row.creditUseEfficiency.band,
      row.spareCapacity.band,
      row.balanceAccumulation.band,
      row.engagement.band,
    );
    rows.push(row);
  }
  return rows;
}

function metric(value: number | null, band: HealthBand): HealthMetric {
  return { value, band };
}

/**
 * Units offered per period: each offer counts its capacity (units per period) in every period it was open,
 * intersected with its validity window for a time-limited offer; the capacity in force is the last one set
 * (created or updated) up to that period.
 */
function offeredUnits(db: Database.Database, calendar: PeriodCalendar, first: number, last: number): Series {
  const events = db
    .prepare('SELECT kind, offer_id, capacity, starts_at, ends_at, timestamp FROM offers ORDER BY block_number, log_index')
    .raw()
    .all() as ['created' | 'updated' | 'closed', number, number | null, number | null, number | null, number][];
  type Offer = { terms: { from: number; capacity: number }[]; opened: number; closed: number; window?: [number, number] };
  const offers = new Map<number, Offer>();
  for (const [kind, id, capacity, startsAt, endsAt, timestamp] of events) {
    const period = calendar.periodOf(timestamp);
    if (kind === 'created') {
      const offer: Offer = { terms: [{ from: period, capacity: capacity ?? 0 }], opened: period, closed: last };
      // A time-limited offer is redeemable in [start, end) only.
      if (startsAt || endsAt) offer.window = [calendar.periodOf(startsAt ?? 0), calendar.periodOf((endsAt ?? 1) - 1)];
      offers.set(id, offer);
    } else {
      const offer = offers.get(id);
      if (offer === undefined) continue; // created before the indexed range
      if (kind === 'updated') offer.terms.push({ from: period, capacity: capacity ?? 0 });
      // Closed at t: open during t - 1, so an offer closed at a period's first second did not serve it.
      else offer.closed = calendar.periodOf(timestamp - 1);
    }
  }
  const offered: Series = new Map();
  for (const offer of offers.values()) {
    const from = Math.max(first, offer.opened, offer.window?.[0] ?? -Infinity);
    const to = Math.min(last, offer.closed, offer.window?.[1] ?? Infinity);
    let term = 0;
    for (let p = from; p <= to; p++) {
      while (term + 1 < offer.terms.length && (offer.terms[term + 1] as { from: number }).from <= p) term++;
      add(offered, p, (offer.terms[term] as { capacity: number }).capacity);
    }
  }
  return offered;
}

type Engagement = { active: number; retained: number; newcomers: number };
type Decile = { share: number | null; holders: number };

/**
 * Engagement and the top decile's share per period. Each event table is read once in key order, which is chain
 * order and so period order, as plain integers (`period * stride + participant`, no row objects); the periods
 * are then walked once, consuming each table's events up to that period: retention (a participant is retained
 * when their previous active period is the one just before), newcomers, and the running balances (credits
 * verified to an account minus credits it redeemed). The top decile is ceil(n / 10) of the n accounts with a
 * positive balance.
 */
function participantFigures(
  db: Database.Database,
  P: (column: string) => string,
  first: number,
  last: number,
): { activity: Map<number, Engagement>; decile: Map<number, Decile> } {
  const maxId = (db.prepare('SELECT MAX(id) FROM addresses').pluck().get() as number | null) ?? 0;
  const stride = maxId + 1;
  const column = (sql: string) => db.prepare(sql).pluck().all() as number[];
  const verified = "FROM verifications WHERE kind = 'verified' ORDER BY block_number, log_index";
  const active = [
    column(`SELECT ${P('timestamp')} * ${stride} + participant FROM claims ORDER BY block_number, log_index`),
    column(`SELECT ${P('timestamp')} * ${stride} + participant FROM completions ORDER BY block_number, log_index`),
    column(`SELECT period * ${stride} + participant FROM redemptions ORDER BY block_number, log_index`),
  ];
  const earned = { keys: column(`SELECT ${P('timestamp')} * ${stride} + participant ${verified}`), credits: column(`SELECT credits ${verified}`) };
  const spent = {
    keys: active[2] as number[],
    credits: column('SELECT credits FROM redemptions ORDER BY block_number, log_index'),
  };
  const periodOf = (key: number) => Math.floor(key / stride);

  // The participant's last active period, NaN before their first activity.
  const lastActive = new Float64Array(stride).fill(Number.NaN);
  const balances = new Float64Array(stride);
  const isHolder = new Uint8Array(stride);
  const holders: number[] = [];
  const activeAt = active.map(() => 0);
  const flowAt = [0, 0];
  const activity = new Map<number, Engagement>();
  const decile = new Map<number, Decile>();
  for (let p = first; p <= last; p++) {
    const now: Engagement = { active: 0, retained: 0, newcomers: 0 };
    active.forEach((keys, t) => {
      let i = activeAt[t] as number;
      for (; i < keys.length && periodOf(keys[i] as number) <= p; i++) {
        const key = keys[i] as number;
        const period = periodOf(key);
        const account = key - period * stride;
        const previous = lastActive[account] as number;
        if (previous === period) continue;
        if (period === p) {
          now.active++;
          if (previous === p - 1) now.retained++;
          else if (Number.isNaN(previous)) now.newcomers++;
        }
        lastActive[account] = period;
      }
      activeAt[t] = i;
    });
    activity.set(p, now);

    [earned, spent].forEach(({ keys, credits }, t) => {
      let i = flowAt[t] as number;
      for (; i < keys.length && periodOf(keys[i] as number) <= p; i++) {
        const key = keys[i] as number;
        const account = key - periodOf(key) * stride;
        balances[account] = (balances[account] as number) + (t === 0 ? 1 : -1) * (credits[i] as number);
        if (!isHolder[account]) {
          isHolder[account] = 1;
          holders.push(account);
        }
      }
      flowAt[t] = i;
    });
    const positive = holders.map((a) => balances[a] as number).filter((b) => b > 0);
    if (positive.length === 0) {
      decile.set(p, { share: null, holders: 0 });
      continue;
    }
    const sorted = Float64Array.from(positive).sort().reverse();
    const top = Math.ceil(sorted.length / 10);
    let topSum = 0;
    let total = 0;
    for (let k = 0; k < sorted.length; k++) {
      total += sorted[k] as number;
      if (k < top) topSum += sorted[k] as number;
    }
    decile.set(p, { share: topSum / total, holders: sorted.length });
  }
  return { activity, decile };
}
