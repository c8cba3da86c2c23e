import { CitySyncError } from '@citysync/sdk';

/**
 * The part of a city's governance.json the health model reads (the `governance-parameters` document): each
 * parameter's current choice is its `value`, or its `default` when the city made none.
 */
export type HealthGovernance = {
  parameters: Readonly<Record<string, { default: number; value?: number | undefined; min: number; max: number }>>;
};

export type Band = 'green' | 'amber' | 'red';
/**
 * `none`: no data for the indicator in that period (nothing issued, nothing offered, no actives before), or the
 * period is still running (its figures are partial and not classified).
 */
export type HealthBand = Band | 'none';

/** Thresholds of one indicator: where green ends and where amber ends. */
export type Thresholds = { green: number; amber: number; higherIsBetter: boolean };

export type HealthParameters = {
  creditUseEfficiency: Thresholds;
  spareCapacity: Thresholds;
  balanceAccumulation: Thresholds;
  topDecileShare: Thresholds;
  retention: Thresholds;
  /** Periods in the credit use efficiency window. */
  trailingPeriods: number;
  /** The coverage ratio's bounds (bps) and how far one amber period moves it. */
  coverage: { minBps: number; maxBps: number; stepBps: number };
};

/** A parameter the health model needs is missing from governance.json, or out of shape. */
export class HealthParameterError extends CitySyncError {
  override name = 'HealthParameterError';
  readonly key: string;

  constructor(key: string, problem: string) {
    super(`governance.json#/parameters/${key}: ${problem}`, {
      details: `Add "${key}" with default, min, max, unit and description to the city's governance.json (see docs/economy.md for the health parameters).`,
    });
    this.key = key;
  }
}

function parameter(governance: HealthGovernance, key: string): { current: number; min: number; max: number } {
  const entry = governance.parameters[key];
  if (entry === undefined) throw new HealthParameterError(key, 'missing; the health model needs it');
  const current = entry.value ?? entry.default;
  if (typeof current !== 'number' || !Number.isFinite(current)) {
    throw new HealthParameterError(key, `${String(current)} is not a number`);
  }
  return { current, min: entry.min, max: entry.max };
}

function thresholds(governance: HealthGovernance, name: string, higherIsBetter: boolean): Thresholds {
  const green = parameter(governance, `health.${name}.green`).current;
  const amber = parameter(governance, `health.${name}.amber`).current;
  if (higherIsBetter ? amber > green : amber < green) {
    throw new HealthParameterError(
      `health.${name}.amber`,
      `${amber} must be ${higherIsBetter ? 'at most' : 'at least'} health.${name}.green (${green}): ${
        higherIsBetter ? 'higher' : 'lower'
      } values are better`,
    );
  }
  return { green, amber, higherIsBetter };
}

/** The health model's parameters from governance.json; throws {@link HealthParameterError} naming a missing key. */
export function readHealthParameters(governance: HealthGovernance): HealthParameters {
  const trailingPeriods = parameter(governance, 'health.trailingPeriods').current;
  if (!Number.isInteger(trailingPeriods) || trailingPeriods < 1) {
    throw new HealthParameterError('health.trailingPeriods', `${trailingPeriods} is not a whole number of periods >= 1`);
  }
  const ratio = parameter(governance, 'issuance.coverageRatioBps');
  return {
    creditUseEfficiency: thresholds(governance, 'creditUseEfficiency', true),
    spareCapacity: thresholds(governance, 'spareCapacity', true),
    balanceAccumulation: thresholds(governance, 'balanceAccumulation', false),
    topDecileShare: thresholds(governance, 'topDecileShare', false),
    retention: thresholds(governance, 'retention', true),
    trailingPeriods,
    coverage: { minBps: ratio.min, maxBps: ratio.max, stepBps: parameter(governance, 'issuance.coverageStepBps').current },
  };
}

/** The band of `value` (null: no data). Higher is better: >= green is green, >= amber amber; lower mirrors it. */
export function bandOf(value: number | null, t: Thresholds): HealthBand {
  if (value === null) return 'none';
  if (t.higherIsBetter) return value >= t.green ? 'green' : value >= t.amber ? 'amber' : 'red';
  return value <= t.green ? 'green' : value <= t.amber ? 'amber' : 'red';
}

const severity: Record<HealthBand, number> = { none: 0, green: 1, amber: 2, red: 3 };

/** The worst of `bands` (red over amber over green; `none` only when there is no data at all). */
export function worstBand(...bands: HealthBand[]): HealthBand {
  return bands.reduce<HealthBand>((worst, b) => (severity[b] > severity[worst] ? b : worst), 'none');
}
