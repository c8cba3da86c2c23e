import { type HealthGovernance, type HealthRow, type PlanHealthActionsReturnType, planHealthActions } from '@citysync/indexer';

import type { PolicySpec, Scenario } from './scenario.js';

/** What a policy proposes after a period: a coverage ratio for the committee, or nothing. */
export type PolicyDecision = { plan: PlanHealthActionsReturnType; toBps: number | undefined };

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * The factor the coverage ratio should move by so that the indicator driving the plan returns to green: for a
 * saturated redemption capacity, the ratio that brings use back to (1 - green spare capacity); for idle credits,
 * efficiency over its green threshold; for piling balances, the green ratio over the observed one.
 */
function proportionalFactor(row: HealthRow, s: Scenario, direction: 'lower' | 'raise'): number {
  const h = s.health;
  const targetUse = 1 - (h.spareCapacity.green + (h.spareCapacity.green - h.spareCapacity.amber));
  const use = row.spareCapacity.value === null ? null : 1 - row.spareCapacity.value;
  if (direction === 'raise') return use !== null && use > 0 ? targetUse / use : 1;
  const factors: number[] = [];
  const weak = (band: string) => band === 'amber' || band === 'red';
  if (weak(row.spareCapacity.band) && use !== null && use > 0) factors.push(targetUse / use);
  if (weak(row.creditUseEfficiency.band) && row.creditUseEfficiency.value !== null) {
    factors.push(row.creditUseEfficiency.value / h.creditUseEfficiency.green);
  }
  const ratio = row.balanceAccumulation.ratio;
  if (weak(ratio.band) && ratio.value !== null && ratio.value > 0) factors.push(h.balanceAccumulation.green / ratio.value);
  return factors.length > 0 ? Math.min(...factors) : 1;
}

/**
 * A rule proposed from the simulations (not the indexer's). The coverage ratio moves one step, and only on what it
 * can fix: lower when redemption capacity is saturated or credits go unused (spare capacity or credit use
 * efficiency weak), higher when both are green and engagement is weak. Piling balances alone hold the ratio (the
 * indexer still drafts a red period for the committee): lowering the ratio shrinks the cap that the
 * balance-accumulation ratio divides by, and raising it issues more credits into the pile, so either feeds the
 * indicator. No step is taken before the efficiency window is full (its first periods only measure the start-up).
 */
function capacityLed(rows: readonly HealthRow[], plan: PlanHealthActionsReturnType, s: Scenario, currentBps: number): number | undefined {
  const row = rows.find((r) => r.period === plan.period);
  if (row === undefined || row.band === 'green' || row.band === 'none') return undefined;
  if (row.creditUseEfficiency.fromPeriod + s.health.trailingPeriods - 1 > row.period) return undefined;
  const weak = (band: string) => band === 'amber' || band === 'red';
  let step = 0;
  if (weak(row.spareCapacity.band) || weak(row.creditUseEfficiency.band)) step = -s.coverage.stepBps;
  else if (weak(row.balanceAccumulation.ratio.band)) step = 0;
  else if (row.spareCapacity.band === 'green' && row.creditUseEfficiency.band === 'green') step = s.coverage.stepBps;
  const toBps = clamp(currentBps + step, s.coverage.minBps, s.coverage.maxBps);
  return toBps === currentBps ? undefined : toBps;
}

/**
 * The policies compared: `fixed` never proposes; `step` proposes the indexer's planned step (planHealthActions:
 * one `coverageStepBps` step per period); `proportional` takes the plan's direction and sizes the move by how far
 * the driving indicator is from green, at most `maxStepBps`, inside the coverage bounds; `capacity-led` is the
 * rule the simulations propose (see capacityLed).
 */
export function decide(
  policy: PolicySpec,
  rows: readonly HealthRow[],
  governance: HealthGovernance,
  scenario: Scenario,
  currentBps: number,
): PolicyDecision {
  const plan = planHealthActions(rows, governance, currentBps);
  if (policy.kind === 'fixed') return { plan, toBps: undefined };
  if (policy.kind === 'step') return { plan, toBps: plan.actions[0]?.toBps };
  if (policy.kind === 'capacity-led') return { plan, toBps: capacityLed(rows, plan, scenario, currentBps) };
  if (plan.direction === 'hold' || plan.period === undefined) return { plan, toBps: undefined };
  const row = rows.find((r) => r.period === plan.period) as HealthRow;
  const factor = proportionalFactor(row, scenario, plan.direction);
  const maxStep = policy.maxStepBps ?? scenario.coverage.stepBps;
  let move = Math.round(currentBps * factor) - currentBps;
  // The plan's direction decides; the size is at least one bps and at most maxStepBps.
  move = plan.direction === 'lower' ? clamp(move, -maxStep, -1) : clamp(move, 1, maxStep);
  const toBps = clamp(currentBps + move, scenario.coverage.minBps, scenario.coverage.maxBps);
  return { plan, toBps: toBps === currentBps ? undefined : toBps };
}
