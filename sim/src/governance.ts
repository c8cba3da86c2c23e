import type { HealthGovernance } from '@citysync/indexer';

import type { Scenario } from './scenario.js';

/**
 * The scenario's coverage and health parameters as the governance.json document the indexer's health functions
 * read (`issuance.*` and `health.*` parameters, each with its bounds).
 */
export function healthGovernance(s: Scenario): HealthGovernance {
  const ratio = (value: number) => ({ default: value, min: 0, max: 1 });
  const parameters: Record<string, HealthGovernance['parameters'][string]> = {
    'issuance.coverageRatioBps': { default: s.coverage.ratioBps, min: s.coverage.minBps, max: s.coverage.maxBps },
    'issuance.coverageStepBps': { default: s.coverage.stepBps, min: 0, max: 65_535 },
    'health.trailingPeriods': { default: s.health.trailingPeriods, min: 1, max: 520 },
  };
  for (const name of ['creditUseEfficiency', 'spareCapacity', 'balanceAccumulation', 'topDecileShare', 'retention'] as const) {
    const band = s.health[name];
    const bound = name === 'balanceAccumulation' ? { min: 0, max: 1_000 } : {};
    parameters[`health.${name}.green`] = { ...ratio(band.green), ...bound };
    parameters[`health.${name}.amber`] = { ...ratio(band.amber), ...bound };
  }
  return { parameters };
}
