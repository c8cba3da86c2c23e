import type { HealthRow } from '@citysync/indexer';

import { healthGovernance } from './governance.js';
import { HealthIndex } from './healthIndex.js';
import { Ledger } from './ledger.js';
import { SimLog } from './logs.js';
import type { Operation } from './operations.js';
import { type PolicyDecision, decide } from './policies.js';
import { FARM_BASE, Kind, PUPPET_BASE, Population, Random, poisson, shuffled } from './population.js';
import { remainingCapacity } from './rules/redemption.js';
import type { AdversaryName, PolicySpec, Scenario } from './scenario.js';

/** 2026-01-05T00:00:00Z, a Monday: the model's first period starts here (only period indexes matter). */
export const SIM_ORIGIN = 1_767_571_200;
/** Seconds into the period at which the model's calls happen (inside every offer window). */
const AT = 60;
const YEAR_SECONDS = 365 * 86_400;

/** A coverage change the committee has approved, effective from a period on. */
type Proposal = { made: number; effective: number; toBps: number };

/** One period of one policy's year: what the city sees, and the model's own counts beside it. */
export type PeriodRecord = {
  period: number;
  /** Coverage ratio in force during the period (bps). */
  coverageBps: number;
  row: HealthRow;
  /** The indexer's plan after this period (direction and step), and what the policy proposed. */
  plan: { band: string | undefined; direction: string; toBps: number | undefined };
  proposal: { toBps: number; effective: number; rejected: boolean } | undefined;
  /** The period is red and the plan raised a governance signal for the committee (with or without a step). */
  signal: boolean;
  /** Residents refused a redemption for want of capacity, and residents with work the cap left unpaid. */
  denied: number;
  unpaid: number;
  /** Residents still taking part (not left). */
  residents: number;
};

export type YearResult = {
  scenario: string;
  policy: PolicySpec;
  adversary: AdversaryName | undefined;
  periods: PeriodRecord[];
  /** The calls of each period, when `record` was asked (the cross-check replays them). */
  operations?: Operation[][];
  /** The index database's queries, open until `close` (adversary detection reads it). */
  index: HealthIndex;
};

export type RunYearOptions = {
  adversary?: AdversaryName | undefined;
  record?: boolean;
  onPeriod?: (period: number) => void;
};

/** Simulates the scenario's year under one policy (and at most one adversary), same seed, same draws. */
export function runYear(s: Scenario, policy: PolicySpec, options: RunYearOptions = {}): YearResult {
  const governance = healthGovernance(s);
  const log = new SimLog();
  const index = new HealthIndex(governance, { offset: 0, origin: SIM_ORIGIN, length: s.periodSeconds });
  const budgets = new Map(s.issuers.map((i) => [i.module, i.budgetPerPeriod]));
  const puppet = options.adversary === 'sockPuppet' ? s.adversaries?.sockPuppet : undefined;
  const inflation = options.adversary === 'capacityInflation' ? s.adversaries?.capacityInflation : undefined;
  const farm = options.adversary === 'farm' ? s.adversaries?.farm : undefined;
  if (puppet) budgets.set(puppet.module, puppet.budgetPerPeriod);
  const ledger = new Ledger(s, log, SIM_ORIGIN, budgets);
  const stream = (name: string) => Random.stream(s.seed, name);
  const rng = {
    people: stream('people'),
    arrivals: stream('arrivals'),
    churn: stream('churn'),
    active: stream('active'),
    task: stream('task'),
    order: stream('order'),
    redeem: stream('redeem'),
    offer: stream('offer'),
    governance: stream('governance'),
    adversary: stream('adversary'),
  };
  const people = new Population(s, rng.people);
  const offersOf = new Map<string, number[]>();
  const proposals: Proposal[] = [];
  const periods: PeriodRecord[] = [];
  const pendingRecords: { decision: PolicyDecision | undefined; rejected: boolean }[] = [];
  const counts: { denied: number; unpaid: number; residents: number; coverageBps: number }[] = [];
  const operations: Operation[][] = [];
  const season = (p: number) =>
    1 + s.demand.seasonalAmplitude * Math.cos((2 * Math.PI * (p - s.demand.peakPeriod) * s.periodSeconds) / YEAR_SECONDS);
  const surgePeriod = s.surge?.period;
  const puppetIssuer = 'civic-helpers';

  for (let p = 0; p < s.periods; p++) {
    const now = ledger.periodStart(p) + AT;
    const ops: Operation[] = [];
    const run = (op: Operation) => {
      if (options.record) ops.push(op);
      return ledger.apply(op, now);
    };

    // Governance: the latest approved proposal due by this period takes effect before any issuance.
    const due = proposals.filter((x) => x.effective === p).at(-1);
    if (due && due.toBps !== ledger.ratioBps) run({ kind: 'setCoverage', ratioBps: due.toBps });
    const coverageBps = ledger.ratioBps;

    // Redeemers: offers open in the first period (they back the cap from the second); a leaving redeemer closes its
    // offers; the surge's offers.
    if (p === 0) {
      for (const r of s.redeemers) {
        for (const o of r.offers) {
          const result = run({ kind: 'createOffer', redeemer: r.name, price: o.price, capacity: o.capacity });
          if (result.ok && result.id !== undefined) offersOf.set(r.name, [...(offersOf.get(r.name) ?? []), result.id]);
        }
      }
    }
    for (const r of s.redeemers) {
      if (r.leavesAt === p) for (const id of offersOf.get(r.name) ?? []) run({ kind: 'closeOffer', redeemer: r.name, offerId: id });
    }
    // The surge's business offers open the period before the event, windowed on it: a time-limited offer backs
    // the cap only in a period after the one it opened in.
    if (s.surge && p === Math.max(0, (surgePeriod as number) - 1)) {
      const from = p < (surgePeriod as number) ? s.periodSeconds : 0;
      const window = { start: from, end: from + s.surge.durationSeconds + s.surge.graceSeconds };
      for (const o of s.surge.offers) run({ kind: 'createOffer', redeemer: o.redeemer, price: o.price, capacity: o.capacity, window });
    }
    const inflating = inflation !== undefined && p >= inflation.from;
    const inflated = inflating
      ? (offersOf.get(inflation.redeemer) ?? []).filter((id) => ledger.offers[id - 1]?.open)
      : [];
    for (const id of inflated) {
      const o = ledger.offers[id - 1] as { price: number; capacity: number };
      run({ kind: 'updateOffer', redeemer: inflation?.redeemer as string, offerId: id, price: o.price, capacity: Math.round(o.capacity * (inflation?.factor ?? 1)) });
    }

    // Issuers publish this period's tasks.
    const honestTasks: { id: number; rate: number }[] = [];
    for (const issuer of s.issuers) {
      for (const t of issuer.tasks) {
        const r = run({ kind: 'publishTask', issuer: issuer.name, module: issuer.module, taskType: t.type, rate: t.rate, slots: t.slots });
        if (r.ok && r.id !== undefined) honestTasks.push({ id: r.id, rate: t.rate });
      }
      if (s.surge && p === surgePeriod && s.surge.issuer === issuer.name) {
        const t = s.surge.task;
        const r = run({ kind: 'publishTask', issuer: issuer.name, module: issuer.module, taskType: t.type, rate: t.rate, slots: t.slots });
        if (r.ok && r.id !== undefined) honestTasks.push({ id: r.id, rate: t.rate });
      }
    }
    let puppetTask: number | undefined;
    if (puppet && p >= puppet.from) {
      const r = run({ kind: 'publishTask', issuer: puppetIssuer, module: puppet.module, taskType: 'errand', rate: puppet.rate, slots: puppet.accounts });
      puppetTask = r.ok ? r.id : undefined;
    }

    // Arrivals, then departures (more likely after a refusal last period).
    const arrivals = poisson(rng.arrivals, s.participants.newcomersPerPeriod);
    for (let i = 0; i < people.size; i++) {
      if (people.kind[i] === Kind.newcomer) people.kind[i] = rng.people.chance(s.participants.regularShare) ? Kind.regular : Kind.occasional;
    }
    people.arrive(arrivals);
    for (let i = 0; i < people.size; i++) {
      const u = rng.churn.next();
      if (people.left[i]) continue;
      const chance = people.denied[i] ? s.participants.churn.afterDenial : s.participants.churn.base;
      if (u < chance) people.left[i] = 1;
      people.denied[i] = 0;
    }

    // Work: the adversaries' accounts first (bots are quick), then residents in a random order.
    if (puppetTask !== undefined && puppet) {
      for (let a = 0; a < puppet.accounts; a++) run({ kind: 'claimAndSubmit', participant: PUPPET_BASE + a, taskId: puppetTask });
    }
    const slotsLeft = new Map(honestTasks.map((t) => [t.id, ledger.tasks[t.id - 1]?.slots ?? 0]));
    const claim = (participant: number, start: number) => {
      for (let k = 0; k < honestTasks.length; k++) {
        const task = honestTasks[(start + k) % honestTasks.length] as { id: number };
        const left = slotsLeft.get(task.id) ?? 0;
        if (left > 0) {
          slotsLeft.set(task.id, left - 1);
          run({ kind: 'claimAndSubmit', participant, taskId: task.id });
          return;
        }
      }
    };
    if (farm && p >= farm.from) {
      const cheapest = honestTasks.reduce((best, t, i) => (t.rate < (honestTasks[best] as { rate: number }).rate ? i : best), 0);
      for (let a = 0; a < farm.accounts; a++) if (rng.adversary.chance(farm.activity)) claim(FARM_BASE + a, cheapest);
    }
    const boost = p === surgePeriod ? (s.surge?.activityBoost ?? 1) : 1;
    const order = shuffled(rng.order, people.size);
    for (let k = 0; k < people.size; k++) {
      const i = order[k] as number;
      const u = rng.active.next();
      const pick = rng.task.int(Math.max(1, honestTasks.length));
      if (people.left[i]) continue;
      const kind = people.kind[i];
      const base =
        kind === Kind.regular
          ? s.participants.regularActivity
          : kind === Kind.newcomer
            ? s.participants.newcomerActivity
            : s.participants.occasionalActivity;
      if (u < Math.min(1, base * boost)) claim(i, pick);
    }

    // Issuers verify what fits under the cap and their budgets (the sock-puppet issuer first: it verifies its own
    // accounts the moment they submit); an inflating redeemer then withdraws.
    if (puppetTask !== undefined) run({ kind: 'verify', issuer: puppetIssuer });
    for (const issuer of s.issuers) run({ kind: 'verify', issuer: issuer.name });
    for (const id of inflated) {
      const o = ledger.offers[id - 1] as { price: number; capacity: number };
      run({ kind: 'updateOffer', redeemer: inflation?.redeemer as string, offerId: id, price: o.price, capacity: Math.round(o.capacity / (inflation?.factor ?? 1)) });
    }

    // Redemptions: holders who can afford an offer try one (seasonal demand, the surge's boost); a full offer
    // sends them to one other.
    const demand = Math.min(1, s.demand.redeemPropensity * season(p) * (p === surgePeriod ? (s.surge?.demandBoost ?? 1) : 1));
    const valid = ledger.offers.map((o, k) => ({ o, id: k + 1 })).filter(({ o }) => o.open && (o.end === 0 || (now >= o.start && now < o.end)));
    const tryRedeem = (participant: number, u1: number, u2: number): 'ok' | 'denied' | 'none' => {
      const balance = ledger.balanceOf(participant);
      for (const u of [u1, u2]) {
        const choice = valid[Math.floor(u * valid.length)];
        if (choice === undefined) return 'none';
        const units = Math.min(s.demand.maxUnits, Math.floor(balance / choice.o.price), remainingCapacity(choice.o, p));
        if (Math.floor(balance / choice.o.price) === 0) continue;
        if (units === 0) continue;
        const r = run({ kind: 'redeem', participant, offerId: choice.id, units, maxCredits: units * choice.o.price });
        if (r.ok) return 'ok';
      }
      return valid.some(({ o }) => balance >= o.price) ? 'denied' : 'none';
    };
    if (puppet && p >= puppet.from) {
      for (let a = 0; a < puppet.accounts; a++) {
        if (rng.adversary.chance(puppet.redeemPropensity)) tryRedeem(PUPPET_BASE + a, rng.adversary.next(), rng.adversary.next());
      }
    }
    if (farm && p >= farm.from) {
      for (let a = 0; a < farm.accounts; a++) tryRedeem(FARM_BASE + a, rng.adversary.next(), rng.adversary.next());
    }
    let denied = 0;
    const redeemOrder = shuffled(rng.order, people.size);
    for (let k = 0; k < people.size; k++) {
      const i = redeemOrder[k] as number;
      const u = rng.redeem.next();
      const u1 = rng.offer.next();
      const u2 = rng.offer.next();
      if (people.left[i] || u >= demand) continue;
      if (tryRedeem(i, u1, u2) === 'denied') {
        people.denied[i] = 1;
        denied++;
      }
    }
    const unpaid = ledger.unpaid();
    for (const i of unpaid) if (i < people.size) people.denied[i] = 1;

    // The period ends: the index takes its events and the cursor moves to its last second.
    const { logs, block } = log.drain();
    const end = ledger.periodStart(p + 1);
    index.ingest(logs, block, end);
    operations.push(ops);

    // Policy: the plan on the complete period, a proposal to the committee, its latency and its fate. The fixed
    // cap never acts, so its plans are read once from the year's rows at the end.
    let decision: PolicyDecision | undefined;
    if (policy.kind !== 'fixed') {
      decision = decide(policy, index.rows(), governance, s, ledger.ratioBps);
      const rejected = decision.toBps !== undefined && rng.governance.chance(s.governance.rejectProbability);
      if (decision.toBps !== undefined && !rejected) proposals.push({ made: p, effective: p + 1 + s.governance.latencyPeriods, toBps: decision.toBps });
      pendingRecords.push({ decision, rejected });
    } else pendingRecords.push({ decision: undefined, rejected: false });
    counts.push({ denied, unpaid: unpaid.size, residents: countResidents(people), coverageBps });
    options.onPeriod?.(p);
  }

  // Complete periods' rows do not change as later periods are indexed: the year's rows are the rows each
  // decision saw.
  const rows = index.rows();
  for (let p = 0; p < s.periods; p++) {
    const row = rows.find((r) => r.period === p) as HealthRow;
    const { rejected } = pendingRecords[p] as { rejected: boolean };
    const decision =
      pendingRecords[p]?.decision ?? decide(policy, rows.filter((r) => r.period <= p), governance, s, (counts[p] as { coverageBps: number }).coverageBps);
    const draft = decision.plan.actions[0];
    const c = counts[p] as (typeof counts)[number];
    periods.push({
      period: p,
      coverageBps: c.coverageBps,
      row,
      plan: { band: decision.plan.band, direction: decision.plan.direction, toBps: draft?.toBps },
      proposal:
        decision.toBps === undefined ? undefined : { toBps: decision.toBps, effective: p + 1 + s.governance.latencyPeriods, rejected },
      signal: row.band === 'red' && decision.plan.signal !== undefined,
      denied: c.denied,
      unpaid: c.unpaid,
      residents: c.residents,
    });
  }
  return {
    scenario: s.name,
    policy,
    adversary: options.adversary,
    periods,
    ...(options.record ? { operations } : {}),
    index,
  };
}

function countResidents(people: Population): number {
  let n = 0;
  for (let i = 0; i < people.size; i++) if (!people.left[i]) n++;
  return n;
}
