// The plan of a blight & safety MCE run (pure: no chain): who publishes what where, who completes which task on
// which day, which completions the issuers reject, who redeems what; and the figures that plan must produce, so a
// test can compare an export with what was done rather than with numbers copied from a previous run.
import type { TaskCatalog } from '@citysync/schemas';

export type ScenarioIssuer = 'publicWorks' | 'transportation' | 'parks' | 'library';
export type ScenarioOffering = 'cafe-drink' | 'hardware-discount' | 'lunch-voucher';

export type ScenarioTask = { issuer: ScenarioIssuer; taskType: string; rate: number; rank: number; slots: number };
export type ScenarioCompletion = {
  participant: number;
  task: number;
  day: 1 | 2;
  /** Seconds after the event's start the completion is submitted. */
  at: number;
  /** The issuer rejects it (with a reason code of the task's rule) instead of verifying it. */
  reject: number | undefined;
};
export type ScenarioRedemption = { participant: number; offering: ScenarioOffering | 'transit-ride'; units: number };

export type BlightScenario = {
  participants: number;
  /** Participants 0..returning-1 completed general-economy tasks before the event: not newcomers. */
  returning: number;
  /** Which issuer works which zone ranks. */
  zones: Record<ScenarioIssuer, number[]>;
  tasks: ScenarioTask[];
  completions: ScenarioCompletion[];
  redemptions: ScenarioRedemption[];
  /** Units per period of each event offer (the exhausted one: exactly what is redeemed on it). */
  capacities: Record<ScenarioOffering, number>;
  prices: Record<ScenarioOffering | 'transit-ride', number>;
  /** What the event announced it aimed for, by outcome metric id (dpan.json outcomeMetrics). */
  targets: Record<string, number>;
};

export type ScenarioFigures = {
  completions: number;
  verified: number;
  rejected: number;
  participants: number;
  newcomers: number;
  retention: number;
  creditsIssued: number;
  /** On the event's offers only (the standing transit offer is the city's, not the event's). */
  creditsRedeemed: number;
  /** Zone ranks whose completions were all verified. */
  zonesCleared: number[];
  /** Zone ranks with a verified cleanup (the module's own zones-cleared metric). */
  zonesWithCleanup: number[];
  /** Verified completions carrying a hazard-category and a severity (the hazards-reported metric). */
  hazardsReported: number;
  taskTypes: string[];
  byIssuer: Record<ScenarioIssuer, { tasks: number; verified: number }>;
  exhausted: ScenarioOffering | undefined;
};

export type PlanBlightEventOptions = {
  /** Default 36. At least 8. */
  participants?: number | undefined;
  /** An event offer whose capacity is exactly what the plan redeems on it, so it runs out. Default: none. */
  exhaust?: ScenarioOffering | undefined;
  /**
   * An event that meets the scaffolder's graduation criteria (scaffolder/graduation.json): four in five
   * participants redeem up to two units (over half the credits issued), and the event announced targets for its
   * outcome metrics, all met. Default false: three in five redeem one unit (about a quarter of the credits) and no
   * targets, the run the committed fixture record comes from (it fails stable redemption and measurable outcomes).
   */
  graduating?: boolean | undefined;
};

const HOUR = 3_600;

/** Issuers' tasks: four departments in their own zones; parks pays a bonus rate on its hazard audits. */
const TASKS: Omit<ScenarioTask, 'slots'>[] = [
  { issuer: 'publicWorks', taskType: 'hazard-audit', rate: 10, rank: 1 },
  { issuer: 'publicWorks', taskType: 'illegal-dumping-cleanup', rate: 25, rank: 3 },
  { issuer: 'publicWorks', taskType: 'stage-materials', rate: 15, rank: 3 },
  { issuer: 'transportation', taskType: 'intersection-audit', rate: 20, rank: 2 },
  { issuer: 'transportation', taskType: 'crosswalk-repaint-support', rate: 20, rank: 2 },
  { issuer: 'parks', taskType: 'trail-cleanup', rate: 20, rank: 4 },
  { issuer: 'parks', taskType: 'hazard-audit', rate: 12, rank: 4 },
  { issuer: 'library', taskType: 'volunteer-onboarding', rate: 15, rank: 5 },
  { issuer: 'library', taskType: 'neighbourhood-outreach', rate: 10, rank: 5 },
];

/** Which completions are rejected: some hazard audits in zone 1 (duplicates) and intersection audits (photos). */
function rejectionOf(task: number, nth: number): number | undefined {
  if (task === 0 && nth % 4 === 3) return 4; // issuer-hazard-audit: duplicate of a hazard already reported
  if (task === 3 && nth % 3 === 2) return 3; // issuer-hazard-audit: photos do not show the reported hazard
  return undefined;
}

/**
 * The run: day one has roughly the first 78% of the participants, day two everyone from the 28th percentile on
 * (so about two thirds of day one come back), each participant completes one task a day (a different one on day
 * two: a claim is once per task), spread over the day; then three in five participants redeem a unit of a
 * business offer (graduating: four in five, up to two units), some also a transit ride on the city's standing offer.
 */
export function planBlightEvent(options: PlanBlightEventOptions = {}): BlightScenario {
  const n = options.participants ?? 36;
  const graduating = options.graduating === true;
  if (!Number.isInteger(n) || n < 8) throw new RangeError(`a blight scenario needs at least 8 participants, not ${n}`);
  const dayOne = Array.from({ length: Math.round(n * 0.78) }, (_, i) => i);
  const dayTwo = Array.from({ length: n - Math.round(n * 0.28) }, (_, i) => i + Math.round(n * 0.28));
  const completions: ScenarioCompletion[] = [];
  const nth = new Map<number, number>();
  const add = (participant: number, task: number, day: 1 | 2, index: number, count: number) => {
    const k = nth.get(task) ?? 0;
    nth.set(task, k + 1);
    // Spread over hours 1 to 21 of the day: the timeline shows the day's shape.
    const at = (day - 1) * 24 * HOUR + HOUR + Math.floor((index * 20 * HOUR) / count);
    completions.push({ participant, task, day, at, reject: rejectionOf(task, k) });
  };
  dayOne.forEach((p, i) => add(p, p % TASKS.length, 1, i, dayOne.length));
  dayTwo.forEach((p, i) => add(p, (p + 2) % TASKS.length, 2, i, dayTwo.length));
  const tasks = TASKS.map((t, i) => ({ ...t, slots: Math.max(1, completions.filter((c) => c.task === i).length) }));

  const prices = { 'cafe-drink': 5, 'hardware-discount': 10, 'lunch-voucher': 15, 'transit-ride': 5 } as const;
  const offerings: ScenarioOffering[] = ['cafe-drink', 'hardware-discount', 'lunch-voucher'];
  const balance = new Map<number, number>();
  for (const c of completions) if (c.reject === undefined) balance.set(c.participant, (balance.get(c.participant) ?? 0) + (tasks[c.task]?.rate ?? 0));
  const redemptions: ScenarioRedemption[] = [];
  for (let p = 0; p < n; p++) {
    let left = balance.get(p) ?? 0;
    const offering = offerings[p % 3] as ScenarioOffering;
    const units = graduating ? Math.min(2, Math.floor(left / prices[offering])) : Math.min(1, Math.floor(left / prices[offering]));
    if (p % 5 < (graduating ? 4 : 3) && units > 0) {
      redemptions.push({ participant: p, offering, units });
      left -= units * prices[offering];
    }
    if (p % 7 === 0 && left >= prices['transit-ride']) redemptions.push({ participant: p, offering: 'transit-ride', units: 1 });
  }
  const units = (o: ScenarioOffering) => redemptions.filter((r) => r.offering === o).reduce((s, r) => s + r.units, 0);
  const capacities = { 'cafe-drink': 300, 'hardware-discount': 100, 'lunch-voucher': 120 };
  if (options.exhaust !== undefined) capacities[options.exhaust] = Math.max(1, units(options.exhaust));

  return {
    participants: n,
    returning: Math.round(n * 0.22),
    zones: { publicWorks: [1, 3], transportation: [2], parks: [4], library: [5] },
    tasks,
    completions,
    redemptions,
    capacities,
    prices,
    // A graduating event announced its aims: most participants verified, a hazard report from half of them, and
    // every zone that gets a cleanup crew cleared.
    targets: graduating
      ? {
          participants: Math.round(n * 0.8),
          'hazards-reported': Math.round(n * 0.5),
          'zones-cleared': new Set(tasks.filter((t) => /cleanup|stage|repaint/.test(t.taskType)).map((t) => t.rank)).size,
        }
      : {},
  };
}

/** What the plan must produce, computed from the plan and the catalog alone. */
export function scenarioFigures(scenario: BlightScenario, catalog: TaskCatalog): ScenarioFigures {
  const { tasks, completions } = scenario;
  const verified = completions.filter((c) => c.reject === undefined);
  const participants = new Set(completions.map((c) => c.participant));
  const dayOne = new Set(completions.filter((c) => c.day === 1).map((c) => c.participant));
  const dayTwo = new Set(completions.filter((c) => c.day === 2).map((c) => c.participant));
  const typeOf = (task: number) => catalog.taskTypes.find((t) => t.id === tasks[task]?.taskType);
  const ranks = [...new Set(tasks.map((t) => t.rank))].sort((a, b) => a - b);
  const byIssuer = { publicWorks: { tasks: 0, verified: 0 }, transportation: { tasks: 0, verified: 0 }, parks: { tasks: 0, verified: 0 }, library: { tasks: 0, verified: 0 } };
  for (const t of tasks) byIssuer[t.issuer].tasks += 1;
  for (const c of verified) {
    const t = tasks[c.task];
    if (t !== undefined) byIssuer[t.issuer].verified += 1;
  }
  const eventUnits = (o: ScenarioOffering) => scenario.redemptions.filter((r) => r.offering === o).reduce((s, r) => s + r.units, 0);
  const offerings: ScenarioOffering[] = ['cafe-drink', 'hardware-discount', 'lunch-voucher'];
  return {
    completions: completions.length,
    verified: verified.length,
    rejected: completions.length - verified.length,
    participants: participants.size,
    newcomers: [...participants].filter((p) => p >= scenario.returning).length,
    retention: Math.round(([...dayOne].filter((p) => dayTwo.has(p)).length / dayOne.size) * 10_000) / 10_000,
    creditsIssued: verified.reduce((s, c) => s + (tasks[c.task]?.rate ?? 0), 0),
    creditsRedeemed: offerings.reduce((s, o) => s + eventUnits(o) * scenario.prices[o], 0),
    zonesCleared: ranks.filter((rank) => {
      const inZone = completions.filter((c) => tasks[c.task]?.rank === rank);
      return inZone.length > 0 && inZone.every((c) => c.reject === undefined);
    }),
    zonesWithCleanup: ranks.filter((rank) => verified.some((c) => tasks[c.task]?.rank === rank && typeOf(c.task)?.verification === 'issuer-zone-check')),
    hazardsReported: verified.filter((c) => typeOf(c.task)?.evidence.requiredObservations.includes('hazard-category') === true).length,
    taskTypes: [...new Set(tasks.map((t) => t.taskType))],
    byIssuer,
    exhausted: offerings.find((o) => eventUnits(o) > 0 && eventUnits(o) >= scenario.capacities[o]),
  };
}
