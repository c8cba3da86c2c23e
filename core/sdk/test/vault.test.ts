// The City Vault SDK on a real anvil with the Berkeley example city (test asset, four budget lines, vault committee
// of dev accounts 2, 5 and 6): two donors with dedications, test yield, harvests paying lines within their caps, a
// split changed through the vault committee (and an out-of-bounds one refused before anything is sent), status,
// a donor statement checked against figures the test computes itself, and principal that never comes out.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  type Address,
  type PublicClient,
  type TestClient,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  formatUnits,
  http,
  parseEventLogs,
  parseUnits,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CityVaultAbi, YieldSplitterAbi } from '@citysync/contracts';
import {
  VaultNotTestAssetError,
  VaultSplitInvalidError,
  accrueTestYield,
  donateToVault,
  harvestVault,
  isContractRevert,
  isTestAsset,
  mintTestDollars,
  proposeVaultSplit,
  readDonorStatement,
  readVaultStatus,
  renderStatementHtml,
  renderStatementText,
  type CityContracts,
  type CityVaultContracts,
  type CityWalletClient,
  type DonorStatement,
} from '@citysync/sdk';
import { deployCityFromConfig } from '@citysync/sdk/node';
import { startEmbeddedChain, type EmbeddedChain } from '@citysync/devnet';
import { sendCall } from '../src/internal/send.js';
import { passProposal } from '../../../test/utils/chain.js';
import { rejection } from '../../../test/utils/testCity.js';

const MNEMONIC = 'test test test test test test test test test test test junk';
const berkeley = fileURLToPath(new URL('../../../examples/berkeley', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'citysync-vault-'));
const cityDir = join(root, 'berkeley');
const usd = (amount: string): bigint => parseUnits(amount, 6);

let chain: EmbeddedChain;
let publicClient: PublicClient;
let testClient: TestClient;
let city: CityContracts;
let vault: CityVaultContracts;
let fromBlock: bigint;
const wallet = (addressIndex: number): CityWalletClient =>
  createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex }), chain: foundry, transport: http(chain.rpcUrl) });
const address = (addressIndex: number): Address => mnemonicToAccount(MNEMONIC, { addressIndex }).address;

// Donors: A gives first and is alone through the first harvest; B joins after it. Vault committee: 2, 5, 6.
const A = 7;
const B = 4;
const SCRIPT_DEDICATION = '<script>alert("gift")</script> & "friends"';
// Berkeley's budget lines: recipients are dev accounts 8, 9, 12 and 13.
const RECIPIENTS = [8, 9, 12, 13] as const;

async function balanceOf(who: Address): Promise<bigint> {
  return await publicClient.readContract({ address: vault.asset, abi: erc20Abi, functionName: 'balanceOf', args: [who] });
}
async function recipientBalances(): Promise<bigint[]> {
  return await Promise.all(RECIPIENTS.map((i) => balanceOf(address(i))));
}
async function budgetLines() {
  return await publicClient.readContract({ address: vault.splitter, abi: YieldSplitterAbi, functionName: 'budgetLines' });
}

// What the test did, recorded to check the statement against.
const record = { sharesA: 0n, sharesB: 0n, h1: 0n, h2: 0n, paid: new Map<string, bigint>(), year: 0 };

beforeAll(async () => {
  cpSync(berkeley, cityDir, { recursive: true });
  chain = await startEmbeddedChain({ cityDir });
  publicClient = createPublicClient({ chain: foundry, transport: http(chain.rpcUrl) });
  testClient = createTestClient({ mode: 'anvil', chain: foundry, transport: http(chain.rpcUrl) });
  const { deployment } = await deployCityFromConfig({ dir: cityDir, wallet: wallet(0) });
  city = deployment.contracts;
  fromBlock = deployment.blockNumber;
  if (city.vault === undefined) throw new Error('the Berkeley example deploys a vault');
  vault = city.vault;
}, 180_000);

afterAll(async () => {
  await chain?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('giving and harvesting', () => {
  it('the Berkeley vault runs on the test asset; a real asset is refused by the test helpers, nothing sent', async () => {
    expect(await isTestAsset(publicClient, vault)).toBe(true);
    // The vault itself is an ERC-4626 but not the controllable test yield source.
    const real = { vault: { ...vault, yieldSource: vault.vault } };
    expect(await isTestAsset(publicClient, real.vault)).toBe(false);
    const nonce = await publicClient.getTransactionCount({ address: address(A) });
    expect(await rejection(mintTestDollars(wallet(A), real, { amount: 1n }))).toBeInstanceOf(VaultNotTestAssetError);
    expect(await rejection(accrueTestYield(wallet(A), real, { amount: 1n }))).toBeInstanceOf(VaultNotTestAssetError);
    expect(await publicClient.getTransactionCount({ address: address(A) })).toBe(nonce);
  });

  it('donor A gives 1000 with a dedication: shares minted, exactly the amount approved and spent', async () => {
    await mintTestDollars(wallet(A), city, { amount: usd('1500') });
    const result = await donateToVault(wallet(A), city, { amount: usd('1000'), dedication: 'for the Aquatic Park' });
    expect(result.shares).toBeGreaterThan(0n);
    expect(result.principalAfter).toBe(usd('1000'));
    record.sharesA = result.shares;
    expect(await balanceOf(address(A))).toBe(usd('500'));
    const allowance = await publicClient.readContract({ address: vault.asset, abi: erc20Abi, functionName: 'allowance', args: [address(A), vault.vault] });
    expect(allowance).toBe(0n);
    const block = await publicClient.getBlock({ blockNumber: result.receipt.blockNumber });
    record.year = new Date(Number(block.timestamp) * 1000).getUTCFullYear();
  });

  it('yield accrues; a harvest pays each line its share, within its cap; the rest stays owed in the splitter', async () => {
    await accrueTestYield(wallet(0), city, { amount: usd('100000') });
    const status = await readVaultStatus(publicClient, city);
    expect(status.harvestable).toBeGreaterThan(usd('99999'));
    const before = await recipientBalances();
    const { harvested, payouts } = await harvestVault(wallet(11), city);
    record.h1 = harvested;
    // harvestable() is a view; the release rounds in the principal's favour (PrincipalLock.releaseSurplus).
    expect(harvested).toBeLessThanOrEqual(status.harvestable);
    expect(status.harvestable - harvested).toBeLessThan(1_000n);
    const after = await recipientBalances();
    // Berkeley: 40% cap 50000, 30% cap 30000, 20% cap 10000, 10% cap 5000.
    const expected = [
      [4000n, usd('50000')],
      [3000n, usd('30000')],
      [2000n, usd('10000')],
      [1000n, usd('5000')],
    ].map(([bps = 0n, cap = 0n]) => ((harvested * bps) / 10_000n < cap ? (harvested * bps) / 10_000n : cap));
    RECIPIENTS.forEach((_, i) => expect(after[i]! - before[i]!).toBe(expected[i]));
    expect(expected[2]).toBe(usd('10000')); // capped
    expect(payouts.map((p) => p.amount)).toEqual(expected);
    const paidNow = expected.reduce((s, v) => s + v, 0n);
    expect(await balanceOf(vault.splitter)).toBe(harvested - paidNow);
    const lines = (await readVaultStatus(publicClient, city)).lines;
    expect(lines[2]?.owed).toBe((harvested * 2000n) / 10_000n - usd('10000'));
    expect(lines[2]?.paidThisPeriod).toBe(usd('10000'));
  });

  it('donor B joins after the harvest (its own harvest finds nothing new), dedication with markup', async () => {
    await mintTestDollars(wallet(B), city, { amount: usd('3000') });
    const result = await donateToVault(wallet(B), city, { amount: usd('3000'), dedication: SCRIPT_DEDICATION });
    record.sharesB = result.shares;
    expect(result.principalAfter).toBe(usd('4000'));
    expect(parseEventLogs({ abi: CityVaultAbi, eventName: 'Harvested', logs: result.receipt.logs })).toEqual([]);
    expect(await publicClient.readContract({ address: vault.vault, abi: CityVaultAbi, functionName: 'totalHarvested' })).toBe(record.h1);
  });
});

describe('the split, through the vault committee', () => {
  it('an out-of-bounds split is refused before anything is sent, with the config check messages', async () => {
    const proposer = wallet(2);
    const nonce = await publicClient.getTransactionCount({ address: proposer.account.address });
    const linesBefore = await budgetLines();
    const error = await rejection(
      proposeVaultSplit(proposer, city, {
        lines: [
          { recipient: address(8), purpose: 'emergency backstop', bps: 6000, capPerPeriod: usd('1') },
          { recipient: address(9), purpose: 'infrastructure', bps: 3000, capPerPeriod: usd('1') },
        ],
      }),
    );
    expect(error).toBeInstanceOf(VaultSplitInvalidError);
    const messages = (error as VaultSplitInvalidError).issues.map((i) => `${i.pointer}: ${i.message}; ${i.allowed ?? ''}`);
    expect(messages).toEqual([
      '/budgetLines/0/bps: 6000 is outside lineBounds; 1000 to 5000',
      '/budgetLines: the shares sum to 9000 bps; exactly 10000',
    ]);
    expect(await publicClient.getTransactionCount({ address: proposer.account.address })).toBe(nonce);
    expect(await budgetLines()).toEqual(linesBefore);
  });

  it('a new split proposed by a member, approved to the threshold, executed after the delay', async () => {
    const lines = [
      { recipient: address(8), purpose: 'emergency backstop', bps: 5000, capPerPeriod: usd('100000') },
      { recipient: address(9), purpose: 'infrastructure', bps: 5000, capPerPeriod: usd('100000') },
    ];
    const { proposalId, committee } = await proposeVaultSplit(wallet(2), city, { lines, description: 'two lines' });
    expect(committee).toBe(city.committees.vault);
    expect((await budgetLines()).length).toBe(4); // not before the committee decides
    await passProposal(testClient, { committee, proposalId, approvers: [wallet(5)], executor: wallet(6) });
    expect(await budgetLines()).toEqual(lines.map((l) => ({ recipient: l.recipient, bps: l.bps, capPerPeriod: l.capPerPeriod, purpose: l.purpose })));
  });

  it('the second harvest is shared by both donors and paid under the new split', async () => {
    await accrueTestYield(wallet(0), city, { amount: usd('40000') });
    const before = await recipientBalances();
    const { harvested } = await harvestVault(wallet(11), city);
    record.h2 = harvested;
    const after = await recipientBalances();
    // Everything the splitter held is now owed to the two new lines (setSplit cleared the old lines' debts).
    expect(after[2]).toBe(before[2]);
    // All paid out but the rounding remainder of the shares (split again at the next distribution).
    expect(await balanceOf(vault.splitter)).toBeLessThan(2n);
    // The recipients held no tUSD before and receive from nothing but the splitter: their balances are what
    // each line was paid in the year.
    RECIPIENTS.forEach((i, k) => record.paid.set(address(i), after[k]!));
  });
});

describe('status and withdrawal', () => {
  it('status reports the principal, value, yield, lines, bounds and period', async () => {
    const s = await readVaultStatus(publicClient, city);
    expect(s.principal).toBe(usd('4000'));
    expect(s.donations).toBe(2n);
    expect(s.shareSupply).toBe(record.sharesA + record.sharesB);
    expect(s.totalHarvested).toBe(record.h1 + record.h2);
    expect(s.pending).toBeLessThan(2n);
    expect(s.totalPaid + s.pending).toBe(record.h1 + record.h2);
    expect(s.value).toBeGreaterThanOrEqual(s.principal);
    expect(s.bounds).toEqual({ minBps: 1000, maxBps: 5000 });
    expect(s.lines.map((l) => [l.purpose, l.bps])).toEqual([
      ['emergency backstop', 5000],
      ['infrastructure', 5000],
    ]);
    expect(s.period.lengthSeconds).toBe(2_592_000n);
    expect(s.asset).toEqual({ address: vault.asset, symbol: 'tUSD', decimals: 6 });
    expect(s.testAsset).toBe(true);
  });

  it('withdraw and redeem revert with CityVaultPrincipalLocked; shares do not move', async () => {
    const donor = wallet(A);
    const calls = [
      encodeFunctionData({ abi: CityVaultAbi, functionName: 'withdraw', args: [1n, address(A), address(A)] }),
      encodeFunctionData({ abi: CityVaultAbi, functionName: 'redeem', args: [1n, address(A), address(A)] }),
    ];
    for (const data of calls) {
      const error = await rejection(sendCall(donor, { to: vault.vault, data, functionName: 'withdraw' }));
      if (!isContractRevert(error, 'CityVaultPrincipalLocked')) throw error;
    }
    const transfer = encodeFunctionData({ abi: CityVaultAbi, functionName: 'transfer', args: [address(B), 1n] });
    const error = await rejection(sendCall(donor, { to: vault.vault, data: transfer, functionName: 'transfer' }));
    if (!isContractRevert(error, 'CityVaultSharesNonTransferable')) throw error;
    expect((await readVaultStatus(publicClient, city)).principal).toBe(usd('4000'));
  });
});

describe('donor statements', () => {
  let statementA: DonorStatement;
  let statementB: DonorStatement;

  beforeAll(async () => {
    const parameters = { year: record.year, fromBlock, cityName: 'Berkeley', blockRange: 7n };
    statementA = await readDonorStatement(publicClient, city, { ...parameters, donor: address(A) });
    statementB = await readDonorStatement(publicClient, city, { ...parameters, donor: address(B) });
  });

  it("A's yield: all of the first harvest (alone before B) plus A's share of the second", () => {
    const total = record.sharesA + record.sharesB;
    expect(statementA.yieldInYear).toBe(record.h1 + (record.h2 * record.sharesA) / total);
    expect(statementB.yieldInYear).toBe((record.h2 * record.sharesB) / total);
    expect(statementA.harvests.map((h) => h.donorShares)).toEqual([record.sharesA, record.sharesA]);
    expect(statementA.cityYieldInYear).toBe(record.h1 + record.h2);
    expect(statementB.harvests).toHaveLength(1);
  });

  it('gifts with dates and dedications, in the year and to date', () => {
    expect(statementA.donations.map((d) => [d.amount, d.dedication])).toEqual([[usd('1000'), 'for the Aquatic Park']]);
    expect(statementA.donations[0]?.date.startsWith(String(record.year))).toBe(true);
    expect(statementA.givenInYear).toBe(usd('1000'));
    expect(statementA.givenToDate).toBe(usd('1000'));
    expect(statementB.donations[0]?.dedication).toBe(SCRIPT_DEDICATION);
    expect(statementA.sharesAtYearEnd).toBe(record.sharesA);
  });

  it('what the yield funded, line by line: the donor fraction of each line paid in the year; the rest held', () => {
    for (const s of [statementA, statementB]) {
      const funded = new Map(s.lines.map((l) => [`${l.recipient} ${l.purpose}`, l]));
      // Lines as (recipient, purpose): 8 and 9 kept their purposes in the new split, so each groups two splits' payouts.
      expect(s.lines.map((l) => l.purpose)).toEqual(['emergency backstop', 'infrastructure', 'redeemer reimbursements', 'MCE budgets']);
      for (const [recipient, paid] of record.paid) {
        const line = [...funded.values()].find((l) => l.recipient === recipient);
        expect(line?.paidInYear).toBe(paid);
        expect(line?.funded).toBe((paid * s.yieldInYear) / (record.h1 + record.h2));
      }
      expect(s.fundedInYear).toBe(s.lines.reduce((sum, l) => sum + l.funded, 0n));
      expect(s.heldInSplitter).toBe(s.yieldInYear - s.fundedInYear);
      expect(s.heldInSplitter).toBeLessThan(10n); // all paid out: only rounding remains
    }
  });

  it('a year without activity is empty; the method is stated', async () => {
    const empty = await readDonorStatement(publicClient, city, { donor: address(A), year: record.year - 1, fromBlock });
    expect(empty.donations).toEqual([]);
    expect(empty.yieldInYear).toBe(0n);
    expect(empty.givenToDate).toBe(usd('1000'));
    expect(empty.method).toMatch(/totalShares/);
    expect(renderStatementText(statementA)).toMatch(/How this is computed/);
  });

  it('the text and printable HTML statements carry the figures; the HTML escapes a <script> dedication', () => {
    const text = renderStatementText(statementA);
    expect(text).toContain(`${formatUnits(statementA.yieldInYear, 6)} tUSD`);
    expect(text).toContain('for the Aquatic Park');
    const html = renderStatementHtml(statementB);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|src=|href=/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;gift&quot;)&lt;/script&gt; &amp; &quot;friends&quot;');
    expect(html).toContain('Berkeley Vault');
    const stake = ((record.sharesB * 10_000n) / (record.sharesA + record.sharesB)).toString();
    expect(html).toContain(`${stake.slice(0, -2)}.${stake.slice(-2)}%`); // B's stake at the second harvest
    expect(html).toContain(address(B));
    for (const figure of [statementB.givenInYear, statementB.yieldInYear, statementB.fundedInYear, ...statementB.lines.map((l) => l.funded)]) {
      expect(html).toContain(`${formatUnits(figure, 6)} tUSD`);
    }
  });
});
