// Test-only: one anvil and one deployed city with accredited organizations, shared by a test file's beforeAll.
// Dev-mnemonic indexes: 0 deployer, 1-3 committee members, 4 issuer, 5 redeemer, 6 relayer, 7-8 verifiers,
// 9 a participant with ETH; 10 and above hold no ETH (gasless participants).
import {
  type Address,
  type PublicClient,
  type TestClient,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  keccak256,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';

import { type AnvilInstance, startAnvil } from '@citysync/devnet';
import { type CityWalletClient, type CommitteeName, type CommitteeParameters, type DeployCityReturnType, OrgRoles, accredit, committeeNames, createOffer, deployCity } from '@citysync/sdk';
import { passProposal, startNextPeriod } from './chain.js';

export const MNEMONIC = 'test test test test test test test test test test test junk';
export const MODULE = '@citysync/dpan-general-economy';
export const COMMITTEE_DELAY = 60;
export const GOVERNOR = { votingDelay: 60, votingPeriod: 600, proposalThreshold: 1n, quorumPercent: 4 } as const;

export type TestCity = {
  anvil: AnvilInstance;
  publicClient: PublicClient;
  testClient: TestClient;
  city: DeployCityReturnType;
  wallet(addressIndex: number): CityWalletClient;
  members: [CityWalletClient, CityWalletClient, CityWalletClient];
  issuer: CityWalletClient;
  redeemer: CityWalletClient;
  relayer: CityWalletClient;
  verifiers: [CityWalletClient, CityWalletClient];
  /** Has ETH, no role. */
  participant: CityWalletClient;
  /** Accredits `org` through the accreditation committee (propose, approve, wait, execute). */
  accreditOrg(org: Address, roles: number): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Starts anvil, deploys a city (coverage 100%), accredits the issuer, redeemer, relayer and two verifiers, and opens
 * a standing offer (price 10, capacity 100: the period cap is 1000 credits).
 */
export async function createTestCity(): Promise<TestCity> {
  const anvil = await startAnvil();
  const transport = http(anvil.rpcUrl);
  const publicClient = createPublicClient({ chain: foundry, transport });
  const testClient = createTestClient({ mode: 'anvil', chain: foundry, transport });
  const wallet = (addressIndex: number): CityWalletClient =>
    createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex }), chain: foundry, transport });
  const members: TestCity['members'] = [wallet(1), wallet(2), wallet(3)];
  const committee: CommitteeParameters = {
    members: members.map((m) => m.account.address),
    threshold: 2,
    delaySeconds: COMMITTEE_DELAY,
  };
  try {
    const city = await deployCity(wallet(0), {
      name: 'Testville',
      symbol: 'TEST',
      periodLength: 7 * 24 * 3_600,
      coverage: { ratioBps: 10_000, minBps: 5_000, maxBps: 15_000 },
      rateBounds: { min: 1n, max: 100n },
      priceBounds: { min: 1n, max: 500n },
      committees: Object.fromEntries(committeeNames.map((name) => [name, committee])) as Record<
        CommitteeName,
        CommitteeParameters
      >,
      governor: GOVERNOR,
      budgets: [{ module: MODULE, perPeriod: 1_000_000n, policy: 'open' }],
    });
    const accreditOrg = async (org: Address, roles: number) => {
      const { proposalId } = await accredit(members[0], { city, org, roles, metadataHash: keccak256(org) });
      await passProposal(testClient, {
        committee: city.committees.accreditation,
        proposalId,
        approvers: [members[1]],
        executor: members[2],
      });
    };
    const [issuer, redeemer, relayer] = [wallet(4), wallet(5), wallet(6)];
    const verifiers: TestCity['verifiers'] = [wallet(7), wallet(8)];
    await accreditOrg(issuer.account.address, OrgRoles.ISSUER);
    await accreditOrg(redeemer.account.address, OrgRoles.REDEEMER);
    await accreditOrg(relayer.account.address, OrgRoles.RELAYER);
    for (const verifier of verifiers) await accreditOrg(verifier.account.address, OrgRoles.VERIFIER);
    await createOffer(redeemer, { city, price: 10n, capacity: 100n, metadataHash: keccak256('0x01') });
    await startNextPeriod(testClient, city.credit); // the offer backs the cap from the next period
    return {
      anvil,
      publicClient,
      testClient,
      city,
      wallet,
      members,
      issuer,
      redeemer,
      relayer,
      verifiers,
      participant: wallet(9),
      accreditOrg,
      stop: () => anvil.stop(),
    };
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}

/** The error a promise rejects with; throws if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
