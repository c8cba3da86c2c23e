// The health figures of `dpan health --json`, built by the same functions in the same order (index, period clock,
// computeHealth with the city's governance bands, coverage, plan), so the page and the CLI show the same numbers.
import type { GovernanceParameter, GovernanceParameters } from '@citysync/schemas';
import { readContract } from 'viem/actions';

import { indexWithProgress } from '@citysync/cli';
import type { OpenedCity } from '@citysync/cli';
import { IssuanceControllerAbi } from '@citysync/contracts';
import { type HealthRow, computeHealth } from '@citysync/indexer';
import type { HealthGovernance } from '@citysync/indexer';
import { readPeriodClock } from '@citysync/indexer';
import { type PlanHealthActionsReturnType, planHealthActions } from '@citysync/indexer';

export type HealthReport = {
  index: { toBlock: bigint; events: number; dbPath: string };
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

/** Indexes the city up to its chain's head, then computes what `dpan health --json` prints (without proposing). */
export async function readHealthReport(connection: OpenedCity): Promise<HealthReport> {
  const governance = healthGovernanceOf(connection.governance);
  const indexed = await indexWithProgress(connection);
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
