import type { MceRecord } from '@citysync/schemas';

import { type Factor, type ModulePlan, derivationRules, factorText, rateRuleText } from './derive.js';
import { type GraduationReport, showCheckValue } from './grade.js';

export type ScaffoldViewParameters = {
  record: MceRecord;
  plan: ModulePlan;
  report: GraduationReport;
  name: string;
  version: string;
  /** The report failed and the package is scaffolded anyway. */
  forced: boolean;
};

const descriptionMax = 500; // dpan.json#/description maxLength

/**
 * Everything the templates read, computed and formatted here so the templates stay declarative. Every field is
 * present (null when absent): the templates compile in handlebars' strict mode, where a missing field is an error.
 */
export function scaffoldView({ record, plan, report, name, version, forced }: ScaffoldViewParameters) {
  const { event, outcomes } = record;
  const module = record.lineage.module;
  const intro = `Scaffolded from ${event.city}'s MCE ${event.id}${module === null ? '' : `, which ran ${module}`}: `;
  const description = `${intro}${record.goal}`.length <= descriptionMax ? `${intro}${record.goal}` : `${`${intro}${record.goal}`.slice(0, descriptionMax - 3)}...`;
  const bare = name.replace(/^@[^/]+\//, '');
  const budget = plan.parameters.find((p) => p.key === 'budget.perPeriod')?.parameter;
  const metrics = outcomes.metrics ?? [];
  const eventEnd = Date.parse(event.end);
  const r = derivationRules;
  return {
    name,
    version,
    bareName: bare,
    changesetSlug: `${bare}-from-mce`,
    description,
    forkedFrom: module,
    keywords: unique(['mce', 'scaffolded', event.ticker.toLowerCase(), event.id.slice(0, 50)]),
    coreRange: '^0.1.0',
    goal: record.goal,
    event,
    lineage: { module, ancestors: record.lineage.ancestors, hasAncestors: record.lineage.ancestors.length > 0 },
    record,
    reportJson: report,
    outcomes: {
      ...outcomes,
      redeemedShare: outcomes.creditsIssued === 0 ? 0 : outcomes.creditsRedeemed / outcomes.creditsIssued,
    },
    timeline: outcomes.timeline,
    metrics: metrics.map((m) => ({
      ...m,
      target: m.target ?? null,
      met: m.target === undefined ? 'no target' : m.value >= m.target ? 'yes' : 'no',
    })),
    hasMetrics: metrics.length > 0,
    issuers: record.issuers.map((i) => ({ ...i, name: i.name ?? null, who: i.name ?? i.address })),
    redeemers: record.redeemers.map((i) => ({ ...i, name: i.name ?? null, who: i.name ?? i.address })),
    offers: record.offers.map((o) => ({
      ...o,
      ranOut:
        o.exhaustedAt === null ? 'no' : Date.parse(o.exhaustedAt) < eventEnd ? `${o.exhaustedAt} (before the end)` : `${o.exhaustedAt} (after the end)`,
    })),
    incentives: record.incentives.map((i) => ({ ...i, taskType: i.taskType ?? null })),
    report: {
      ...report,
      passed: report.criteria.filter((c) => c.pass).length,
      failed: report.criteria.filter((c) => !c.pass),
      rows: report.criteria.map((c) => ({
        ...c,
        result: c.pass ? 'pass' : '**fail**',
        checks: c.checks.map((k) => ({
          ...k,
          shown: showCheckValue(k, k.value),
          limit: `${k.bound === 'min' ? '≥' : '≤'} ${showCheckValue(k, k.threshold)}`,
        })),
      })),
    },
    forced,
    taskTypes: plan.taskTypes,
    catalog: plan.taskTypes.map((t) => t.taskType),
    highestRate: Math.max(...plan.taskTypes.map((t) => t.taskType.rate.max)),
    rules: plan.rules.map((rule) => ({
      ...rule,
      who: rule.verifiersRequired === 0 ? 'the issuer alone' : `${rule.verifiersRequired} accredited verifiers`,
      reasons: rule.rejectReasons.map((reason) => `${reason.code}: ${reason.label}`).join('; '),
    })),
    parameters: plan.parameters.map(({ key, parameter, origin }) => ({ key, ...parameter, value: parameter.value ?? null, origin })),
    parametersObject: Object.fromEntries(plan.parameters.map(({ key, parameter }) => [key, parameter])),
    leftBehind: plan.leftBehind.map(({ key, parameter }) => ({ key, inForce: parameter.value ?? parameter.default, unit: parameter.unit })),
    hasLeftBehind: plan.leftBehind.length > 0,
    offerings: plan.offerings.length > 0 ? plan.offerings : null,
    outcomeMetrics: plan.outcomeMetrics,
    budget: budget ?? null,
    // Each factor as text (1.5) and as the fraction the package test recomputes with (3, 2).
    rates: { rule: rateRuleText(), min: factorView(r.rateMin), max: factorView(r.rateMax) },
    budgetRule: { default: factorView(r.budgetDefault), min: factorView(r.budgetMin), max: factorView(r.budgetMax) },
    carriedPrefixes: r.carriedPrefixes.map((p) => `${p}*`).join(', '),
  };
}

export type ScaffoldView = ReturnType<typeof scaffoldView>;

function factorView(factor: Factor): { text: string; num: number; den: number } {
  return { text: factorText(factor), num: factor[0], den: factor[1] };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
