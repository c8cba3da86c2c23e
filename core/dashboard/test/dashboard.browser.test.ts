// `dpan dashboard` in a real browser: Berkeley runs its blight MCE on anvil (runBlightEvent, graduating), a module is
// installed from a real registry network (verdaccio + its chain) and then yanked by its maintainer; the dashboard
// serves the page on loopback and Debian's chromium (driven by playwright-core) reads what a resident sees: the
// figures `dpan health --json` prints, the zones on the map, the yanked-module advisory. Screenshot:
// test/artifacts/dashboard.png.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { importZones, zonesToGeoJson } from '@citysync/dpan-blight-mce';
import { type Browser, chromium } from 'playwright-core';
import { type Address, createTestClient, createWalletClient, formatUnits, getAddress, http, isAddressEqual } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { getBlock, increaseTime, mine, readContract } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CommitteeAbi } from '@citysync/contracts';
import { type AnvilInstance, openCity, startAnvil } from '@citysync/devnet';
import { type HealthRow, indexCity } from '@citysync/indexer';
import {
  type RegistryNetworkClients,
  accreditAuditor,
  addRegistryUser,
  auditModule,
  installFromRegistry,
  openRegistryNetwork,
  publishModule,
  startRegistryNetwork,
  yankModule,
} from '@citysync/registry';
import { accrueTestYield, donateToVault, harvestVault, mintTestDollars } from '@citysync/sdk';
import { loadCity } from '@citysync/sdk/node';
import { type DashboardServer, startDashboardServer } from '../src/server.js';
import { formatCount, formatShare } from '../src/render.js';
import { type RunBlightEventReturnType, runBlightEvent } from '../../../modules/blight-mce/scripts/runEvent.js';
import { DPAN_BIN, dpanJson } from '../../../test/utils/dpan.js';
import { modulePackageCopy } from '../../../test/utils/modulePackageCopy.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SAMPLE_311 = join(ROOT, 'modules/blight-mce/test/fixtures/berkeley-311.synthetic.json');
const ARTIFACTS = join(ROOT, 'test/artifacts');
const MNEMONIC = 'test test test test test test test test test test test junk';
const dev = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });
const NAME = '@berkeley/dpan-disaster-prep';
const YANK_REASON = 'drill rate bounds allow overpayment; use 1.0.1';
/** Berkeley's trusted auditor (examples/berkeley/city.json installPolicy) and a maintainer. */
const auditor = dev(14);
const publisher = dev(15);

/**
 * The dashboard of a city as `dpan dashboard` starts it, without its progress bar: the city opened on its chain, indexed
 * into .citysync/index.sqlite before each read, the registry network of `registryDir`.
 */
async function startCityDashboard(parameters: { cityDir: string; rpcUrl: string; registryDir: string; geojson?: string }): Promise<DashboardServer> {
  const opened = await openCity({ dir: parameters.cityDir, rpcUrl: parameters.rpcUrl });
  const dbPath = join(opened.dir, '.citysync', 'index.sqlite');
  return await startDashboardServer({
    connection: opened,
    index: async () => ({ ...(await indexCity({ publicClient: opened.publicClient, contracts: opened.city, fromBlock: opened.deployment.blockNumber, dbPath })), dbPath }),
    openRegistry: () => openRegistryNetwork({ dir: parameters.registryDir }),
    geojson: parameters.geojson,
  });
}

describe('dpan dashboard in Debian\'s chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'dpan-dashboard-'));
  const cityDir = join(root, 'berkeley');
  const zonesFile = join(root, 'zones.geojson');
  let anvil: AnvilInstance | undefined;
  let stopNetwork: (() => Promise<void>) | undefined;
  let server: DashboardServer | undefined;
  let browser: Browser | undefined;
  let event: RunBlightEventReturnType;
  let zoneCount: number;
  let harvested: bigint;

  beforeAll(async () => {
    const { ensureChromium } = (await import(join(ROOT, 'scripts/ensure-chromium.mjs'))) as { ensureChromium: () => string };
    const executablePath = ensureChromium();

    anvil = await startAnvil();
    const started = await startRegistryNetwork({ dir: join(root, 'registry') });
    stopNetwork = started.stop;
    event = await runBlightEvent({ rpcUrl: anvil.rpcUrl, cityDir, graduating: true });

    // The zones map: the 311 zones the run registered (its top five), as `dpan mce zones --geojson` writes them.
    const { config } = loadCity(cityDir);
    const { zones } = importZones({ file: SAMPLE_311, boundingBox: config.boundingBox, skipInvalid: true, top: 5 });
    zoneCount = zones.length;
    writeFileSync(zonesFile, JSON.stringify(zonesToGeoJson(zones)));

    // A module from the registry: published, audited by Berkeley's auditor, installed through the committees, yanked.
    const network: RegistryNetworkClients = await openRegistryNetwork({ dir: join(root, 'registry') });
    const { token } = await addRegistryUser({ url: network.url, username: 'berkeley', password: 'berkeley-modules-2026', email: 'tech@berkeley.example' });
    await accreditAuditor(network.walletOf(dev(0)), { moduleRegistry: network.moduleRegistry, auditor: auditor.address, metadata: 'Berkeley Civic Audit' });
    const dir = modulePackageCopy(root, 'disaster-prep-1.0.0', { name: NAME, version: '1.0.0' });
    await publishModule({ dir, network, publisher: network.walletOf(publisher), token });
    await auditModule(network.walletOf(auditor), { network, name: NAME, version: '1.0.0', report: new TextEncoder().encode(`${NAME}@1.0.0: pass`), verdict: 'pass' });
    const wallet = (i: number) => createWalletClient({ account: dev(i), chain: event.client.chain, transport: http(event.rpcUrl), pollingInterval: 100 });
    const wallets = Array.from({ length: 20 }, (_, i) => wallet(i));
    const membersOf = async (committee: Address) => {
      const [members] = await readContract(event.client, { address: committee, abi: CommitteeAbi, functionName: 'membership' });
      return wallets.filter((w) => members.some((m) => isAddressEqual(m, w.account.address)));
    };
    await installFromRegistry({
      network,
      cityDir,
      city: event.city,
      policy: { trustedAuditors: config.installPolicy.trustedAuditors.map((a) => getAddress(a)), minAttestations: config.installPolicy.minAttestations, allowUnaudited: false },
      name: NAME,
      range: '1.0.0',
      wallet: wallet(0),
      committees: { modules: await membersOf(event.city.committees.modules), issuance: await membersOf(event.city.committees.issuance), rates: await membersOf(event.city.committees.rates) },
      waitForDelay: async (readyAt) => {
        const now = (await getBlock(event.client)).timestamp;
        const test = createTestClient({ mode: 'anvil', chain: event.client.chain, transport: http(event.rpcUrl) });
        if (BigInt(readyAt) > now) await increaseTime(test, { seconds: readyAt - Number(now) });
        await mine(test, { blocks: 1 });
      },
    });
    await yankModule(network.walletOf(publisher), { network, name: NAME, version: '1.0.0', reason: YANK_REASON });

    // The City Vault: a foundation gives 1,000 test dollars, 50 of yield accrue and are harvested to the lines.
    const foundation = wallet(16);
    await createTestClient({ mode: 'anvil', chain: event.client.chain, transport: http(event.rpcUrl) }).setBalance({ address: foundation.account.address, value: 10n ** 20n });
    await mintTestDollars(foundation, event.city, { amount: 1_000_000_000n });
    await donateToVault(foundation, event.city, { amount: 1_000_000_000n, dedication: 'for the hills' });
    await accrueTestYield(wallet(0), event.city, { amount: 50_000_000n });
    harvested = (await harvestVault(wallet(0), event.city)).harvested;

    // A week later (Berkeley's period length): the run's period has ended, so it is rated with bands.
    const test = createTestClient({ mode: 'anvil', chain: event.client.chain, transport: http(event.rpcUrl) });
    await increaseTime(test, { seconds: 7 * 24 * 3600 });
    await mine(test, { blocks: 1 });

    server = await startCityDashboard({ cityDir, rpcUrl: event.rpcUrl, registryDir: join(root, 'registry'), geojson: zonesFile });
    browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox'] });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stopNetwork?.();
    await anvil?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('shows a resident the figures of dpan health --json, the zones on a map and the yanked-module advisory', async () => {
    const health = await dpanJson<{ periods: HealthRow[]; coverageBps: number }>('health', '--city', cityDir, '--rpc', event.rpcUrl);
    expect(health.periods.length).toBeGreaterThan(0);
    expect(health.periods.some((p) => p.issued > 0 && p.redeemed > 0)).toBe(true);
    // At least one complete period, so the bands compared below are real ratings, not just 'not rated'.
    expect(health.periods.some((p) => p.complete && p.band !== 'none')).toBe(true);

    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith((server as DashboardServer).url)) outside.push(r.url());
    });
    const response = await page.goto((server as DashboardServer).url);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Berkeley');

    // Every period's credits and four indicators, as printed, equal the CLI's JSON.
    const rows = page.locator('#health-table tbody tr');
    expect(await rows.count()).toBe(health.periods.length);
    for (const p of health.periods) {
      const row = page.locator(`#health-table tr[data-period="${p.period}"]`);
      const text = async (metric: string) => (await row.locator(`td[data-metric="${metric}"] .figure`).textContent())?.trim();
      const bandOf = async (metric: string) => await row.locator(`td[data-metric="${metric}"] .band`).getAttribute('data-band');
      expect((await row.locator('td[data-metric="issued"]').textContent())?.trim()).toBe(formatCount(p.issued));
      expect((await row.locator('td[data-metric="redeemed"]').textContent())?.trim()).toBe(formatCount(p.redeemed));
      const metrics = {
        creditUseEfficiency: p.creditUseEfficiency,
        spareCapacity: p.spareCapacity,
        balanceRatio: p.balanceAccumulation.ratio,
        topDecileShare: p.balanceAccumulation.topDecileShare,
        retention: p.engagement.retention,
      };
      for (const [metric, value] of Object.entries(metrics)) {
        expect(await text(metric), `${metric} of period ${p.period}`).toBe(formatShare(value.value));
        expect(await bandOf(metric), `${metric} band of period ${p.period}`).toBe(value.band);
      }
      expect(await bandOf('band')).toBe(p.band);
    }
    expect(await page.locator('#coverage').textContent()).toBe(`${(health.coverageBps / 100).toFixed(2)}%`);

    // The zones: one polygon each, drawn by the locally served leaflet.
    await expect.poll(() => page.locator('#zone-map').getAttribute('data-features'), { timeout: 10_000 }).toBe(String(zoneCount));
    expect(await page.locator('#zone-map path.leaflet-interactive').count()).toBe(zoneCount);
    expect(await page.locator('#zones-table tbody tr').count()).toBeGreaterThan(1);

    // The yanked module's advisory, in words, and the module the run installed from a directory.
    const advisory = page.locator(`#modules-table tr[data-module="${NAME}"] .advisory-yanked`);
    expect(await advisory.textContent()).toContain(YANK_REASON);
    expect(await advisory.textContent()).toMatch(/yanked on \d{4}-\d{2}-\d{2}/);
    expect(await page.locator('#modules-table tr[data-module="@citysync/dpan-blight-mce"]').count()).toBe(1);
    expect(await page.locator('#offers-table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#committee-table tbody tr').count()).toBeGreaterThan(0);
    // Committee decisions name the call they made (decoded from the indexed calldata).
    expect(await page.locator('#committee-table tbody').textContent()).toContain('setModuleBudget on the issuance contract');

    // The City Vault: what was given, the yield harvested, and each budget line's payout, in test dollars.
    expect(await page.locator('#vault-principal').getAttribute('data-value')).toBe('1000');
    expect(await page.locator('#vault-principal').textContent()).toContain('1000 tUSD in 1 gift');
    expect(await page.locator('#vault-harvested').getAttribute('data-value')).toBe(formatUnits(harvested, 6));
    expect(await page.locator('#vault-table tbody tr').count()).toBe(4);
    const backstop = page.locator('#vault-table tr[data-line="emergency backstop"] td[data-paid-total]');
    expect(await backstop.getAttribute('data-paid-total')).toBe(formatUnits((harvested * 4_000n) / 10_000n, 6));

    expect(outside).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('runs as `dpan dashboard` and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [DPAN_BIN, 'dashboard', '--city', cityDir, '--rpc', event.rpcUrl, '--registry-dir', join(root, 'registry'), '--geojson', zonesFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await expect.poll(() => /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1], { timeout: 30_000, message: stderr }).toBeDefined();
      const url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1] as string;
      const data = (await (await fetch(`${url}api/dashboard.json`)).json()) as { health: { periods: { issued: number }[] }; zones: { features: unknown[] } };
      expect(data.zones.features).toHaveLength(zoneCount);
      expect(data.health.periods.length).toBeGreaterThan(0);
      expect((await fetch(`${url}vendor/leaflet/leaflet.js`)).status).toBe(200);
      expect((await fetch(`${url}vendor/leaflet/..%2f..%2fpackage.json`)).status).toBe(404);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);

  it('says so when the registry network cannot be reached', async () => {
    const offline = await startCityDashboard({ cityDir, rpcUrl: event.rpcUrl, registryDir: join(root, 'no-registry') });
    try {
      const html = await (await fetch(offline.url)).text();
      expect(html).toContain('The module registry could not be reached');
      expect(html).toContain('@citysync/dpan-blight-mce');
      expect(html).toContain('unknown (registry not reachable)');
    } finally {
      await offline.close();
    }
  }, 60_000);
});
