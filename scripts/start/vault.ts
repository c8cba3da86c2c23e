// Berkeley's City Vault in the story: two foundations endow the city (one with a dedication), a year of yield
// accrues in the test yield source, the harvest pays the four budget lines city.json set, and the first
// foundation's annual statement is computed from the vault's events.
import { type CityContracts, type CityWalletClient, type DonorStatement, type VaultPayout, accrueTestYield, donateToVault, harvestVault, mintTestDollars, readDonorStatement } from '@citysync/sdk';
import { type Address, type PublicClient, parseUnits } from 'viem';
import { getBlock } from 'viem/actions';

export type RunVaultYearParameters = {
  city: CityContracts;
  cityName: string;
  publicClient: PublicClient;
  /** Dev wallets of the city's chain (funded with ETH by `fund`). */
  wallet: (index: number) => CityWalletClient;
  fund: (address: Address) => Promise<void>;
  /** Where the statement's event reads start (the city's deployment block). */
  fromBlock: bigint;
};

export type RunVaultYearReturnType = {
  donors: { address: Address; amount: bigint; dedication: string }[];
  harvested: bigint;
  payouts: VaultPayout[];
  statement: DonorStatement;
};

/** Test Dollars have 6 decimals. */
const usd = (amount: string): bigint => parseUnits(amount, 6);

const FOUNDATIONS = [
  { index: 90, amount: usd('250000'), dedication: 'in memory of the 1991 Oakland Hills fire' },
  { index: 91, amount: usd('100000'), dedication: '' },
] as const;

/** 5% on 350,000: a year of yield on the endowment. */
const YEAR_OF_YIELD = usd('17500');

export async function runVaultYear(parameters: RunVaultYearParameters): Promise<RunVaultYearReturnType> {
  const { city, wallet, fund, publicClient } = parameters;
  const donors: RunVaultYearReturnType['donors'] = [];
  for (const { index, amount, dedication } of FOUNDATIONS) {
    const donor = wallet(index);
    await fund(donor.account.address);
    await mintTestDollars(donor, city, { amount });
    await donateToVault(donor, city, { amount, dedication });
    donors.push({ address: donor.account.address, amount, dedication });
  }
  await accrueTestYield(wallet(0), city, { amount: YEAR_OF_YIELD });
  const { harvested, payouts } = await harvestVault(wallet(0), city);
  const now = (await getBlock(publicClient)).timestamp;
  const statement = await readDonorStatement(publicClient, city, {
    donor: donors[0]!.address,
    year: new Date(Number(now) * 1000).getUTCFullYear(),
    cityName: parameters.cityName,
    fromBlock: parameters.fromBlock,
  });
  return { donors, harvested, payouts, statement };
}
