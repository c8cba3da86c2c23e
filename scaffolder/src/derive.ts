import type {
  GovernanceParameter,
  MceRecord,
  OutcomeMetric,
  RedemptionOffering,
  TaskType,
  ValidationIssue,
  VerificationRule,
} from '@citysync/schemas';

import { ScaffoldRecordError } from './errors.js';
import { count } from './format.js';

/** A factor written as a fraction, so every bound is exact integer arithmetic. */
export type Factor = readonly [numerator: number, denominator: number];

/**
 * The written rules that turn what an MCE did into a module's defaults and bounds. The README, every parameter's
 * description and the package's own test state them from these values, so changing one changes all of them.
 */
export const derivationRules = {
  /** A task type's bounds around the rate the MCE paid (its record entry's rate.default): min = max(1, ⌊f × paid⌋). */
  rateMin: [1, 2] as Factor,
  /** max = ⌈f × paid⌉. */
  rateMax: [3, 2] as Factor,
  /** budget.perPeriod default: ⌈f × credits the MCE issued⌉ (headroom over what the event needed). */
  budgetDefault: [5, 4] as Factor,
  /** budget.perPeriod min: max(1, ⌊f × credits issued⌋). */
  budgetMin: [1, 2] as Factor,
  /** budget.perPeriod max: ⌈f × credits issued⌉ (and never below the default). */
  budgetMax: [3, 1] as Factor,
  /**
   * Record parameters carried into the module unchanged (default = the value in force during the event, bounds =
   * the bounds then): the city-wide economy's recommendations. Other keys configured the event module's own
   * contracts and tools, which a scaffolded module does not ship; the README lists them.
   */
  carriedPrefixes: ['issuance.', 'health.', 'period.'] as readonly string[],
} as const;

/** Most task types the generic policy lists (MceTaskPolicy.MAX_TASK_TYPES). */
export const maxTaskTypes = 64;

export function factorText([n, d]: Factor): string {
  return String(n / d);
}

function floorOf([n, d]: Factor, x: number): number {
  return Math.floor((x * n) / d);
}

function ceilOf([n, d]: Factor, x: number): number {
  return Math.ceil((x * n) / d);
}

/** The rate bounds of a type that paid `paid` per completion in the MCE. */
export function deriveRate(paid: number): { default: number; min: number; max: number } {
  return { default: paid, min: Math.max(1, floorOf(derivationRules.rateMin, paid)), max: ceilOf(derivationRules.rateMax, paid) };
}

/** budget.perPeriod from the credits the MCE issued. */
export function deriveBudget(issued: number): { default: number; min: number; max: number } {
  const byDefault = Math.max(1, ceilOf(derivationRules.budgetDefault, issued));
  return {
    default: byDefault,
    min: Math.min(byDefault, Math.max(1, floorOf(derivationRules.budgetMin, issued))),
    max: Math.max(byDefault, ceilOf(derivationRules.budgetMax, issued)),
  };
}

export type DerivedTaskType = {
  /** The module's catalog entry: the record's, with the derived rate. */
  taskType: TaskType;
  /** What the MCE paid per completion (the record's rate.default). */
  paid: number;
  /** The bounds the MCE allowed (the record's rate.min, rate.max), for the README. */
  eventBounds: { min: number; max: number };
  /** Verifiers its rule requires (0: the issuer alone). */
  verifiersRequired: number;
};

export type DerivedParameter = {
  key: string;
  parameter: GovernanceParameter;
  origin: 'derived' | 'carried';
};

export type ModulePlan = {
  taskTypes: DerivedTaskType[];
  rules: VerificationRule[];
  parameters: DerivedParameter[];
  /** Record parameters not carried (see derivationRules.carriedPrefixes). */
  leftBehind: { key: string; parameter: GovernanceParameter }[];
  /** The record's offers as standing offerings: no redeemer (the installing city names its own), no window. */
  offerings: RedemptionOffering[];
  outcomeMetrics: OutcomeMetric[];
};

/** The text every derived rate rule shares, e.g. "min = max(1, ⌊0.5 × paid⌋), max = ⌈1.5 × paid⌉". */
export function rateRuleText(): string {
  return `default = paid, min = max(1, ⌊${factorText(derivationRules.rateMin)} × paid⌋), max = ⌈${factorText(derivationRules.rateMax)} × paid⌉, where paid is the rate the MCE paid per completion (the record's taskCatalog[].rate.default)`;
}

/**
 * What a module scaffolded from `record` holds: catalog with derived rate bounds, the verification rules, the
 * parameters (budget derived, city-wide recommendations carried), standing offerings and outcome metrics. Throws
 * ScaffoldRecordError when the record does not fit the generic contracts.
 */
export function planModule(record: MceRecord, recordFile: string): ModulePlan {
  checkFits(record, recordFile);
  const verifiersOf = new Map(record.verificationRules.map((rule) => [rule.id, rule.verifiersRequired]));
  const taskTypes = record.taskCatalog.map((t) => ({
    taskType: { ...t, rate: deriveRate(t.rate.default) },
    paid: t.rate.default,
    eventBounds: { min: t.rate.min, max: t.rate.max },
    // The record's own checks make every type name one of its rules.
    verifiersRequired: verifiersOf.get(t.verification) ?? 0,
  }));

  const parameters: DerivedParameter[] = [{ key: 'budget.perPeriod', parameter: budgetParameter(record), origin: 'derived' }];
  const leftBehind: ModulePlan['leftBehind'] = [];
  for (const [key, parameter] of Object.entries(record.parameters)) {
    if (key === 'budget.perPeriod') continue;
    if (derivationRules.carriedPrefixes.some((prefix) => key.startsWith(prefix))) {
      parameters.push({ key, parameter: carried(parameter, record.event.id), origin: 'carried' });
    } else {
      leftBehind.push({ key, parameter });
    }
  }
  // budget.perPeriod first, then by key in code-point order (the same on every machine).
  parameters.sort((a, b) => (a.key === 'budget.perPeriod' ? -1 : b.key === 'budget.perPeriod' ? 1 : a.key < b.key ? -1 : 1));

  return {
    taskTypes,
    rules: record.verificationRules,
    parameters,
    leftBehind,
    offerings: record.offers.map(({ offering }) => ({
      id: offering.id,
      title: offering.title,
      price: offering.price,
      capacityPerPeriod: offering.capacityPerPeriod,
    })),
    outcomeMetrics: (record.outcomes.metrics ?? []).map(({ id, description, unit }) => ({ id, description, unit })),
  };
}

function budgetParameter(record: MceRecord): GovernanceParameter {
  const issued = record.outcomes.creditsIssued;
  const b = deriveBudget(issued);
  const r = derivationRules;
  const event = record.parameters['budget.perPeriod'];
  const eventBudget = event === undefined ? '' : ` (the event's own budget line was ${count(event.value ?? event.default)})`;
  return {
    ...b,
    unit: 'credits',
    description:
      `Most credits the module's tasks may issue per period: the budget line the issuance committee sets at install. ` +
      `Derived from the ${count(issued)} credits MCE ${record.event.id} issued${eventBudget}: ` +
      `default ⌈${factorText(r.budgetDefault)} × ${count(issued)}⌉ = ${count(b.default)}, ` +
      `bounds max(1, ⌊${factorText(r.budgetMin)} × ${count(issued)}⌋) = ${count(b.min)} to ⌈${factorText(r.budgetMax)} × ${count(issued)}⌉ = ${count(b.max)}.`,
  };
}

function carried(parameter: GovernanceParameter, eventId: string): GovernanceParameter {
  const inForce = parameter.value ?? parameter.default;
  const text = parameter.description.trim();
  const was = parameter.value !== undefined && parameter.value !== parameter.default ? ` (${inForce}; its default was ${parameter.default})` : ` (${inForce})`;
  return {
    default: inForce,
    min: parameter.min,
    max: parameter.max,
    unit: parameter.unit,
    description: `${text}${/[.!?]$/.test(text) ? '' : '.'} Carried from MCE ${eventId}: default = the value in force during the event${was}; bounds = the bounds in force then.`,
  };
}

/** What the generic contracts cannot hold, as file#/pointer issues (the schema already caps verifiers at 16). */
function checkFits(record: MceRecord, file: string): void {
  const issues: ValidationIssue[] = [];
  if (record.taskCatalog.length > maxTaskTypes) {
    issues.push({
      file,
      pointer: '/taskCatalog',
      message: `${record.taskCatalog.length} task types are more than the ${maxTaskTypes} MceTaskPolicy lists`,
      allowed: `at most ${maxTaskTypes}`,
    });
  }
  if (issues.length > 0) throw new ScaffoldRecordError(issues);
}
