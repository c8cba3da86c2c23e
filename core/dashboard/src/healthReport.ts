// The health figures of `dpan health --json`, built by the same functions in the same order (period clock,
// computeHealth with the city's governance bands, coverage, plan) from the index, so the page and the CLI show the
// same numbers.
import type { GovernanceParameter, GovernanceParameters } from '@citysync/schemas';
import { readContract } from 'viem/actions';

import { IssuanceControllerAbi } from '@citysync/contracts';
import { type HealthRow, computeHealth } from '@citysync/indexer';
import type { HealthGovernance } from '@citysync/indexer';
import { readPeriodClock } from '@citysync/indexer';
import { type PlanHealthActionsReturnType, planHealthActions } from '@citysync/indexer';
import type { DashboardCity, DashboardIndex } from './dashboardCity.js';

export type HealthReport = {
  index: DashboardIndex;
  periods: HealthRow[];
  coverageBps: number;
  plan: PlanHealthActionsReturnType;
};

function healthGovernanceOf(document: GovernanceParameters): HealthGovernance {
  const parameters: HealthGovernance['parameters'] = Object.fromEntries(
    Object.entries(document.parameters).filter((entry): entry is [string, GovernanceParameter] => entry[1] !== undefined),
  );
  return { parameters };
}

/** From the city's index (brought up to the chain's head by the caller), what `dpan health --json` prints (without proposing). */
export async function readHealthReport(connection: Pick<DashboardCity, 'governance' | 'publicClient' | 'city'>, indexed: DashboardIndex): Promise<HealthReport> {
  const governance = healthGovernanceOf(connection.governance);
  const periodClock = await readPeriodClock(connection.publicClient, { credit: connection.city.credit });
  const periods = computeHealth({ dbPath: indexed.dbPath, governance, periodClock });
  const [ratioBps] = await readContract(connection.publicClient, { address: connection.city.issuance, abi: IssuanceControllerAbi, functionName: 'coverage' });
  const coverageBps = Number(ratioBps);
  return {
    index: { toBlock: indexed.toBlock, events: indexed.events, dbPath: indexed.dbPath },
    periods,
    coverageBps,
    plan: planHealthActions(periods, governance, coverageBps),
  };
}
