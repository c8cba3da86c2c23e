import { type Hex, encodeFunctionData } from 'viem';
import { readContract } from 'viem/actions';

import type { VaultBudgetLine } from '../deploy/deployCity.js';
import { YieldSplitterAbi } from '@citysync/contracts';
import {
  type ProposeToCommitteeErrorType,
  type ProposeToCommitteeReturnType,
  proposeToCommittee,
} from '../governance/proposeToCommittee.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import { checkVaultSplit } from './checkVaultSplit.js';
import { VaultSplitInvalidError } from './errors.js';
import { vaultOf } from './vaultOf.js';

export type ProposeVaultSplitParameters = {
  /** The new split, replacing the whole current one (caps in the asset's smallest unit). */
  lines: readonly VaultBudgetLine[];
  /** What the decision is (its keccak256 is recorded). */
  description?: string | undefined;
  /** For messages: where the lines came from (`split.json`, `--line`) and their JSON pointer there. */
  file?: string | undefined;
  pointer?: string | undefined;
};

export type ProposeVaultSplitReturnType = ProposeToCommitteeReturnType & {
  /** The vault committee (`city.committees.vault`). */
  committee: CityContracts['committees']['vault'];
  /** The encoded `setSplit` call the committee will make on the splitter. */
  data: Hex;
};

/** {@link VaultSplitInvalidError} (nothing sent), or the committee's reverts (`CommitteeNotMember`, ...). */
export type ProposeVaultSplitErrorType = VaultSplitInvalidError | ProposeToCommitteeErrorType;

/**
 * Proposes a new split to the vault committee (the client's account must be a member; it approves as proposer).
 * The split is checked against the splitter's current bounds first, so a split the contract would refuse is
 * never proposed. Members then approve; after the committee's delay anyone executes.
 */
export async function proposeVaultSplit(
  client: CityWalletClient,
  city: Pick<CityContracts, 'vault' | 'committees'>,
  parameters: ProposeVaultSplitParameters,
): Promise<ProposeVaultSplitReturnType> {
  const { splitter } = vaultOf(city);
  const [minBps, maxBps] = await readContract(client, { address: splitter, abi: YieldSplitterAbi, functionName: 'splitBounds' });
  const issues = checkVaultSplit({ ...parameters, bounds: { minBps, maxBps } });
  if (issues.length > 0) throw new VaultSplitInvalidError(issues);
  const data = encodeFunctionData({
    abi: YieldSplitterAbi,
    functionName: 'setSplit',
    args: [parameters.lines.map((l) => ({ recipient: l.recipient, bps: l.bps, capPerPeriod: l.capPerPeriod, purpose: l.purpose }))],
  });
  const committee = city.committees.vault;
  const proposed = await proposeToCommittee(client, { committee, target: splitter, data, description: parameters.description });
  return { ...proposed, committee, data };
}
