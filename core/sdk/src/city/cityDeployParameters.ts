import type { CityConfig } from '@citysync/schemas';
import { getAddress } from 'viem';

import type { CommitteeParameters, DeployCityParameters } from '../deploy/deployCity.js';
import { CitySyncError } from '../errors/base.js';
import { type CommitteeName, committeeNames } from '../types/city.js';

/**
 * Maps a (validated) city config to {@link deployCity}'s parameters: ticker -> symbol, committees by name,
 * credit amounts as bigints, resident governance in seconds.
 */
export function cityDeployParameters(config: CityConfig): DeployCityParameters {
  const committees = {} as Record<CommitteeName, CommitteeParameters>;
  for (const name of committeeNames) {
    const committee = config.committees.find((c) => c.name === name);
    if (committee === undefined) {
      throw new CitySyncError(`city.json#/committees: no "${name}" committee; each of the six must be listed once.`);
    }
    committees[name] = {
      members: committee.members.map((member) => getAddress(member)),
      threshold: committee.threshold,
      delaySeconds: committee.delaySeconds,
    };
  }
  const { coverage, rateBounds } = config.issuance;
  const { priceBounds } = config.redemption;
  const governor = config.residentGovernance;
  return {
    name: config.name,
    symbol: config.ticker,
    periodLength: config.periods.lengthSeconds,
    coverage: { ratioBps: coverage.ratioBps, minBps: coverage.minBps, maxBps: coverage.maxBps },
    rateBounds: { min: BigInt(rateBounds.min), max: BigInt(rateBounds.max) },
    priceBounds: { min: BigInt(priceBounds.min), max: BigInt(priceBounds.max) },
    committees,
    guardians: (config.guardians ?? []).map((guardian) => getAddress(guardian)),
    governor: {
      votingDelay: governor.votingDelaySeconds,
      votingPeriod: governor.votingPeriodSeconds,
      proposalThreshold: BigInt(governor.proposalThreshold),
      quorumPercent: governor.quorumPercent,
    },
    budgets: (config.budgets ?? []).map((line) => ({
      module: line.module,
      perPeriod: BigInt(line.perPeriod),
      policy: line.policy === 'open' ? 'open' : getAddress(line.policy),
    })),
  };
}
