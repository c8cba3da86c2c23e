import { type Hex, encodeFunctionData } from 'viem';

import { IssuanceControllerAbi } from '@citysync/contracts';
import type { HealthRow } from './computeHealth.js';
import { type HealthGovernance, readHealthParameters } from './parameters.js';

/** Which way the coverage ratio should move, and why. */
export type CoverageDirection = 'lower' | 'raise' | 'hold';

/**
 * A coverage change for the issuance committee: `IssuanceController.setCoverageRatio(toBps)`. In amber it is the
 * self-correction itself; in red it is a drafted proposal (`description` is its markdown) that the committee
 * should read before approving.
 */
export type HealthAction = {
  band: 'amber' | 'red';
  /** The period whose indicators triggered it. */
  period: number;
  direction: Exclude<CoverageDirection, 'hold'>;
  fromBps: number;
  toBps: number;
  /** Calldata of `setCoverageRatio(toBps)` on the issuance controller. */
  data: Hex;
  /** Markdown: the indicators, the rule applied, and the call. Its keccak256 is recorded with the proposal. */
  description: string;
};

/**
 * A red period's message to the committee: raised for every red period, also when no coverage step is possible
 * (the ratio at its bound, or the weak indicator one coverage does not act on), so a red period never reaches the
 * committee as silence. With a step, its description is the step's drafted proposal.
 */
export type HealthSignal = {
  period: number;
  band: 'red';
  /** Markdown: the indicators, why no step (or which step), and what the committee should look at. */
  description: string;
};

export type PlanHealthActionsReturnType = {
  /** The last complete period, the one the plan is based on (undefined when no period has ended yet). */
  period: number | undefined;
  band: HealthRow['band'] | undefined;
  direction: CoverageDirection;
  /** Zero or one action: one coverage step per period. */
  actions: HealthAction[];
  /** Why the plan is what it is, one sentence each. */
  reasons: string[];
  /** Present exactly when the period is red. */
  signal?: HealthSignal | undefined;
};

const weak = (band: string) => band === 'amber' || band === 'red';

/**
 * The self-correction rule (docs/economy.md). On the last complete period:
 * - green: nothing to do;
 * - amber or red: the coverage ratio moves one `issuance.coverageStepBps` step inside the bounds of
 *   `issuance.coverageRatioBps`, lower when credits are not being used (low credit use efficiency), pile up (high
 *   balance accumulation) or meet saturated redemption capacity (low spare capacity); higher when capacity is
 *   plentiful and credits are used (spare capacity and efficiency green) but something else is weak (engagement);
 * - red additionally makes the description a drafted proposal for the committee to deliberate, and always raises
 *   a {@link HealthSignal}, also when the ratio is at its bound or no coverage move helps.
 * Nothing here sends a transaction: {@link applyHealthActions} proposes to the issuance committee, whose
 * threshold and delay still apply.
 */
export function planHealthActions(
  rows: readonly HealthRow[],
  governance: HealthGovernance,
  currentCoverageBps: number,
): PlanHealthActionsReturnType {
  const model = readHealthParameters(governance);
  const row = [...rows].reverse().find((r) => r.complete);
  if (row === undefined) {
    return { period: undefined, band: undefined, direction: 'hold', actions: [], reasons: ['No period has ended yet.'] };
  }
  const reasons: string[] = [];
  const plan = (direction: CoverageDirection, actions: HealthAction[] = []): PlanHealthActionsReturnType => ({
    period: row.period,
    band: row.band,
    direction,
    actions,
    reasons,
    ...(row.band === 'red'
      ? {
          signal: {
            period: row.period,
            band: 'red' as const,
            description: actions[0]?.description ?? describe(row, 'red', undefined, currentCoverageBps, currentCoverageBps, reasons),
          },
        }
      : {}),
  });
  if (row.band === 'green' || row.band === 'none') {
    reasons.push(`Period ${row.period} is ${row.band}: the coverage ratio stays at ${currentCoverageBps} bps.`);
    return plan('hold');
  }

  const lower: string[] = [];
  if (weak(row.creditUseEfficiency.band)) lower.push(`credit use efficiency is ${row.creditUseEfficiency.band}`);
  if (weak(row.balanceAccumulation.ratio.band)) lower.push(`balance accumulation is ${row.balanceAccumulation.ratio.band}`);
  if (weak(row.spareCapacity.band)) lower.push(`spare capacity is ${row.spareCapacity.band} (redemption capacity saturated)`);
  const raise = row.spareCapacity.band === 'green' && row.creditUseEfficiency.band === 'green';
  const direction: CoverageDirection = lower.length > 0 ? 'lower' : raise ? 'raise' : 'hold';
  if (direction === 'lower') reasons.push(`Lower coverage: ${lower.join('; ')}.`);
  else if (direction === 'raise') {
    reasons.push('Raise coverage: spare capacity and credit use efficiency are green, so more issuance stays backed.');
  } else reasons.push('No coverage move helps: the weak indicator is not one coverage acts on.');
  if (direction === 'hold') return plan('hold');

  const { minBps, maxBps, stepBps } = model.coverage;
  const step = direction === 'lower' ? -stepBps : stepBps;
  const toBps = Math.min(maxBps, Math.max(minBps, currentCoverageBps + step));
  if (toBps === currentCoverageBps) {
    reasons.push(`The coverage ratio is already at its ${direction === 'lower' ? 'minimum' : 'maximum'} (${toBps} bps).`);
    return plan(direction);
  }
  const band = row.band;
  const data = encodeFunctionData({ abi: IssuanceControllerAbi, functionName: 'setCoverageRatio', args: [BigInt(toBps)] });
  return plan(direction, [
    { band, period: row.period, direction, fromBps: currentCoverageBps, toBps, data, description: describe(row, band, direction, currentCoverageBps, toBps, reasons) },
  ]);
}

const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));

function describe(
  row: HealthRow,
  band: 'amber' | 'red',
  direction: 'lower' | 'raise' | undefined,
  fromBps: number,
  toBps: number,
  reasons: readonly string[],
): string {
  const title =
    direction === undefined
      ? `Period ${row.period} is red; no coverage step is possible (the ratio stays at ${fromBps} bps)`
      : band === 'amber'
        ? `Health self-correction: ${direction} the coverage ratio to ${toBps} bps`
        : `Draft: period ${row.period} is red; ${direction} the coverage ratio to ${toBps} bps`;
  return [
    `# ${title}`,
    '',
    `Period ${row.period} (${new Date(row.start * 1000).toISOString()} to ${new Date(row.end * 1000).toISOString()}) is **${band}**.`,
    '',
    '| indicator | value | band |',
    '| --- | --- | --- |',
    `| credit use efficiency | ${fmt(row.creditUseEfficiency.value)} | ${row.creditUseEfficiency.band} |`,
    `| spare capacity | ${fmt(row.spareCapacity.value)} | ${row.spareCapacity.band} |`,
    `| balance accumulation | ${fmt(row.balanceAccumulation.ratio.value)} | ${row.balanceAccumulation.ratio.band} |`,
    `| top decile share | ${fmt(row.balanceAccumulation.topDecileShare.value)} | ${row.balanceAccumulation.topDecileShare.band} |`,
    `| retention | ${fmt(row.engagement.retention.value)} | ${row.engagement.retention.band} |`,
    '',
    ...reasons.map((r) => `- ${r}`),
    '',
    ...(direction === undefined
      ? [
          'No call: the committee must act outside the coverage ratio (its bounds, budgets, rates, redemption',
          'capacity or engagement), or accept the red period knowingly.',
        ]
      : [`Call: \`IssuanceController.setCoverageRatio(${toBps})\` (from ${fromBps} bps), through the issuance committee.`]),
    ...(band === 'red'
      ? ['', 'A red period asks for deliberation: the committee may amend the step or act on the other indicators.']
      : []),
  ].join('\n');
}
