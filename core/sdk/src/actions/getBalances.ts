import type { Address } from 'viem';
import { readContract } from 'viem/actions';

import { CivicCreditAbi, VoteTokenAbi } from '@citysync/contracts';
import type { CityContracts } from '../types/city.js';
import type { CityReadClient } from '../types/client.js';

export type GetBalancesParameters = { city: Pick<CityContracts, 'credit' | 'votes'>; account: Address };

export type GetBalancesReturnType = {
  /** $CITY held: minted minus redeemed. */
  credits: bigint;
  /** $VOTE: every credit ever minted to the account (redemptions do not burn votes). */
  votes: bigint;
};

/** The account's $CITY and $VOTE balances. */
export async function getBalances(
  client: CityReadClient,
  parameters: GetBalancesParameters,
): Promise<GetBalancesReturnType> {
  const { city, account } = parameters;
  const [credits, votes] = await Promise.all([
    readContract(client, { address: city.credit, abi: CivicCreditAbi, functionName: 'balanceOf', args: [account] }),
    readContract(client, { address: city.votes, abi: VoteTokenAbi, functionName: 'balanceOf', args: [account] }),
  ]);
  return { credits, votes };
}
