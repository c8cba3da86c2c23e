// `dpan vault` through the real binary against an embedded anvil with a city made by `dpan city init` (the
// Berkeley example: test asset, four budget lines, vault committee of dev accounts 2, 5 and 6): exit codes 0/1/2,
// --json, nothing sent on bad input, a split carried through the committee with --approve-as, and statements.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Address, createPublicClient, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type EmbeddedChain, startEmbeddedChain } from '@citysync/devnet';
import { dpan, dpanJson } from '../../../test/utils/dpan.js';

const MNEMONIC = 'test test test test test test test test test test test junk';
const address = (index: number): Address => mnemonicToAccount(MNEMONIC, { addressIndex: index }).address;
const DONOR = 7;

type Status = {
  principal: string;
  donations: string;
  shareSupply: string;
  totalHarvested: string;
  pending: string;
  testAsset: boolean;
  asset: { symbol: string; decimals: number };
  lines: { recipient: Address; purpose: string; bps: number; capPerPeriod: string; paidThisPeriod: string }[];
  bounds: { minBps: number; maxBps: number };
};

let root: string;
let city: string;
let chain: EmbeddedChain | undefined;

async function nonceOf(index: number): Promise<number> {
  return await createPublicClient({ transport: http(chain?.rpcUrl) }).getTransactionCount({ address: address(index) });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dpan-vault-'));
  city = join(root, 'berkeley');
  expect((await dpan('city', 'init', city)).code).toBe(0);
  // The chain runs in this process (stopped in afterAll whatever happens); the binary finds it by its record.
  chain = await startEmbeddedChain({ cityDir: city });
  await dpanJson('city', 'deploy', '--city', city);
}, 300_000);

afterAll(async () => {
  await chain?.stop();
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('dpan vault', () => {
  it('status of a fresh vault (text and --json)', async () => {
    const status = await dpanJson<Status>('vault', 'status', '--city', city);
    expect(status).toMatchObject({ principal: '0', donations: '0', testAsset: true, bounds: { minBps: 1000, maxBps: 5000 } });
    expect(status.asset).toMatchObject({ symbol: 'tUSD', decimals: 6 });
    expect(status.lines.map((l) => [l.purpose, l.bps, l.capPerPeriod])).toEqual([
      ['emergency backstop', 4000, '50000000000'],
      ['infrastructure', 3000, '30000000000'],
      ['redeemer reimbursements', 2000, '10000000000'],
      ['MCE budgets', 1000, '5000000000'],
    ]);
    const text = await dpan('vault', 'status', '--city', city);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('principal (locked for ever): 0 tUSD');
  });

  it('bad input exits 2 and sends nothing', async () => {
    const before = await nonceOf(DONOR);
    const cases: [string[], RegExp][] = [
      [['vault', 'deposit', '--amount', 'ten'], /--amount must be an amount like 2500/],
      [['vault', 'deposit', '--amount', '1.1234567', '--mint-test-asset'], /more than the asset's 6 decimals/],
      [['vault', 'deposit', '--amount', '0', '--mint-test-asset'], /--amount must be more than 0/],
      [['vault', 'deposit', '--amount', '5', '--receiver', '0x123'], /--receiver must be a 0x-prefixed 20-byte address/],
      [['vault', 'deposit', '--amount', '5', '--dedication', 'x'.repeat(281)], /281 bytes; the vault records at most 280/],
      [['vault', 'deposit'], /required option '--amount <n>'/],
      [['vault', 'statement', '--donor', 'bob', '--year', '2026'], /--donor must be a 0x-prefixed 20-byte address/],
      [['vault', 'statement', '--donor', address(DONOR), '--year', '26'], /--year must be a year like 2026/],
      [['vault', 'statement', '--donor', address(DONOR), '--year', '2026', '--format', 'pdf'], /Allowed choices are text, json, html/],
      [['vault', 'split', '--account', '2'], /Give the new split/],
      [['vault', 'split', '--line', 'nope', '--account', '2'], /--line 1: "nope" is not <recipient>,<bps>,<cap>,<purpose>/],
    ];
    const signs = (args: string[]) => args[1] !== 'statement' && !args.includes('--account');
    const results = await Promise.all(
      cases.map(([args]) => dpan(...args, '--city', city, ...(signs(args) ? ['--account', String(DONOR)] : []))),
    );
    results.forEach((result, i) => {
      const [args, message] = cases[i]!;
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    });
    expect(await nonceOf(DONOR)).toBe(before);
  });

  it('deposit --mint-test-asset gives with a dedication (exit 0, --json); without funds it fails with exit 1', async () => {
    const gift = await dpanJson<{ amount: string; shares: string; principalAfter: string; receiver: Address; minted: boolean }>(
      'vault', 'deposit', '--amount', '1000', '--dedication', 'for the Aquatic Park', '--mint-test-asset', '--account', String(DONOR), '--city', city,
    );
    expect(gift).toMatchObject({ amount: '1000', principalAfter: '1000', receiver: address(DONOR), minted: true });
    expect(BigInt(gift.shares)).toBeGreaterThan(0n);
    const nonce = await nonceOf(3);
    const broke = await dpan('vault', 'deposit', '--amount', '5', '--account', '3', '--city', city, '--json');
    expect(broke.code).toBe(1);
    expect(broke.stderr).toMatch(/holds 0 tUSD, less than the 5 tUSD to give[\s\S]*--mint-test-asset/);
    expect(JSON.parse(broke.stdout)).toMatchObject({ error: { name: 'CityStateError' } });
    expect(await nonceOf(3)).toBe(nonce);
  });

  it('accrue (test asset) and harvest pay the lines within their caps', async () => {
    const accrued = await dpanJson<{ accrued: string; harvestable: string }>('vault', 'accrue', '--amount', '100000', '--city', city);
    expect(accrued.accrued).toBe('100000');
    const harvest = await dpanJson<{ harvested: string; payouts: { purpose: string; amount: string }[] }>('vault', 'harvest', '--city', city, '--account', '11');
    expect(Number(harvest.harvested)).toBeGreaterThan(99_999);
    expect(Object.fromEntries(harvest.payouts.map((p) => [p.purpose, Number(p.amount)]))).toMatchObject({
      'redeemer reimbursements': 10_000,
      'MCE budgets': 5_000,
    });
    const status = await dpanJson<Status>('vault', 'status', '--city', city);
    expect(BigInt(status.pending)).toBeGreaterThan(14_999_000_000n); // the capped lines' remainder, held
  });

  it('split: out of bounds is refused (exit 2, nothing proposed); with --approve-as it is executed', async () => {
    const before = await nonceOf(2);
    const refused = await dpan(
      'vault', 'split', '--line', `${address(8)},6000,100,emergency backstop`, '--line', `${address(9)},4000,100,infrastructure`,
      '--account', '2', '--city', city,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--line#/0/bps: 6000 is outside lineBounds; allowed: 1000 to 5000');
    expect(await nonceOf(2)).toBe(before);

    const file = join(root, 'split.json');
    writeFileSync(file, JSON.stringify({ budgetLines: [
      { recipient: address(8), purpose: 'emergency backstop', bps: 5000, capPerPeriod: '100000' },
      { recipient: address(9), purpose: 'infrastructure, parks', bps: 5000, capPerPeriod: '100000.5' },
    ] }));
    const notMember = await dpan('vault', 'split', '--file', file, '--account', '1', '--city', city);
    expect(notMember.code).toBe(2);
    expect(notMember.stderr).toMatch(/is not a member of the vault committee/);
    const done = await dpanJson<{ state: string; approvals: number; threshold: number }>(
      'vault', 'split', '--file', file, '--account', '2', '--approve-as', '5', '--city', city,
    );
    expect(done).toMatchObject({ state: 'executed', approvals: 2, threshold: 2 });
    const status = await dpanJson<Status>('vault', 'status', '--city', city);
    expect(status.lines.map((l) => [l.purpose, l.bps, l.capPerPeriod])).toEqual([
      ['emergency backstop', 5000, '100000000000'],
      ['infrastructure, parks', 5000, '100000500000'],
    ]);
    const badFile = join(root, 'bad-split.json');
    writeFileSync(badFile, JSON.stringify({ budgetLines: [{ recipient: address(8), purpose: 'x', bps: '5000', capPerPeriod: '1' }] }));
    const bad = await dpan('vault', 'split', '--file', badFile, '--account', '2', '--city', city);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${badFile}#/budgetLines/0/bps`);
  });

  it('statement as text, json and a printable HTML file', async () => {
    const year = String(new Date().getUTCFullYear());
    const { statement } = await dpanJson<{ statement: { yieldInYear: string; givenInYear: string; donations: { dedication: string }[] } }>(
      'vault', 'statement', '--donor', address(DONOR), '--year', year, '--city', city,
    );
    expect(statement.givenInYear).toBe('1000000000');
    expect(statement.donations[0]?.dedication).toBe('for the Aquatic Park');
    expect(BigInt(statement.yieldInYear)).toBeGreaterThan(99_999_000_000n); // the only donor: all the yield

    const text = await dpan('vault', 'statement', '--donor', address(DONOR), '--year', year, '--city', city);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('for the Aquatic Park');
    expect(text.stdout).toContain('How this is computed');

    const json = await dpan('vault', 'statement', '--donor', address(DONOR), '--year', year, '--format', 'json', '--city', city);
    expect(JSON.parse(json.stdout)).toMatchObject({ donor: address(DONOR), givenInYear: '1000000000' });

    const out = join(root, 'statement.html');
    const html = await dpan('vault', 'statement', '--donor', address(DONOR), '--year', year, '--format', 'html', '--out', out, '--city', city);
    expect(html.code).toBe(0);
    expect(html.stdout).toContain(`to ${out}`);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>[\s\S]*1000 tUSD[\s\S]*<\/html>\n$/);
  });

  it('dpan committee propose names the splitter: the upgrades committee proposes new bounds (the vault committee cannot)', async () => {
    const { vault } = JSON.parse(readFileSync(join(city, '.citysync', 'deployment.json'), 'utf8')).contracts as { vault: { splitter: Address } };
    const proposed = await dpanJson<{ target: Address; committee: string }>(
      'committee', 'propose', 'upgrades', '--target', 'splitter', '--call', 'setSplitBounds', '--args', '1000', '6000', '--account', '6', '--city', city,
    );
    expect(proposed).toMatchObject({ committee: 'upgrades', target: vault.splitter });
    // The vault committee holds no role for setSplitBounds: refused before anything is sent, naming who may.
    const before = await nonceOf(2);
    const refused = await dpan('committee', 'propose', 'vault', '--target', 'splitter', '--call', 'setSplitBounds', '--args', '1000', '6000', '--account', '2', '--city', city);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('The vault committee may not make this call on splitter; nothing was proposed.');
    expect(refused.stderr).toContain('dpan committee propose upgrades --target splitter');
    expect(await nonceOf(2)).toBe(before);
  });
});
