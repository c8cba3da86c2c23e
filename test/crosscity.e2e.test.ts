// The registry's story across cities, through the real `dpan` binary, on a real registry network (verdaccio + its
// anvil chain with the ModuleRegistry) and Mexico City's own embedded anvil:
// Berkeley publishes its disaster-prep module and an auditor attests it; Mexico City forks it with Spanish task names
// and its own rates inside Berkeley's bounds, publishes the fork, gets it audited by its own trusted auditor and
// installs it on its chain; the lineage shows Berkeley -> Mexico City; Oaxaca forks Mexico City's fork.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type Address, createPublicClient, http } from 'viem';
import { readContract } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ModuleKernelAbi } from '@citysync/contracts';
import { dpan, dpanJson } from './utils/dpan.js';
import { modulePackageCopy } from './utils/modulePackageCopy.js';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const BERKELEY = '@berkeley/dpan-disaster-prep';
const CDMX = '@cdmx/dpan-disaster-prep';
const OAXACA = '@oaxaca/dpan-disaster-prep';
/** Dev accounts: maintainers of each city's package, and each city's trusted auditor (examples/<city>/city.json). */
const ACCOUNT = { berkeley: '1', cdmx: '15', oaxaca: '16', berkeleyAuditor: '14', cdmxAuditor: '11' } as const;
const AUDITOR_ADDRESS = { berkeley: '0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097', cdmx: '0x71bE63f3384f5fb98995898A86B02Fb2426c5788' } as const;

type Published = { name: string; version: string; integrity: string; manifestHash: string; forkedFrom: string | null };
type Forked = { dir: string; name: string; version: string; forkedFrom: string };
type Lineage = { name: string; roots: LineageNode[] };
type LineageNode = { id: string; forks: LineageNode[] };

describe('a module proven in Berkeley, forked and installed by Mexico City, forked again by Oaxaca', () => {
  const root = mkdtempSync(join(tmpdir(), 'citysync-crosscity-'));
  const registry = ['--registry-dir', join(root, 'registry')];
  const cdmxCity = join(root, 'cdmx');
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    await dpanJson('registry', 'start', ...registry);
    for (const city of ['berkeley', 'cdmx', 'oaxaca']) {
      tokens[city] = (await dpanJson<{ token: string }>('registry', 'adduser', city, '--password', `${city}-modules-2026`, ...registry)).token;
    }
    // The registry council (dev account 0 on the embedded network) accredits both cities' auditors.
    await dpanJson('registry', 'auditor', AUDITOR_ADDRESS.berkeley, '--name', 'Bay Area Civic Audit Cooperative', ...registry);
    await dpanJson('registry', 'auditor', AUDITOR_ADDRESS.cdmx, '--name', 'Auditoría Cívica de la Ciudad de México', ...registry);
  }, 180_000);

  afterAll(async () => {
    await dpan('chain', 'stop', '--city', cdmxCity);
    await dpan('registry', 'stop', ...registry);
    rmSync(root, { recursive: true, force: true });
  });

  it('Berkeley publishes @berkeley/dpan-disaster-prep@1.0.0 and its auditor attests it', async () => {
    const dir = modulePackageCopy(root, 'berkeley-disaster-prep', { name: BERKELEY, version: '1.0.0' });
    const published = await dpanJson<Published>('publish', dir, '--token', tokens['berkeley'] ?? '', '--account', ACCOUNT.berkeley, ...registry);
    expect(published).toMatchObject({ name: BERKELEY, version: '1.0.0' });
    expect(published.integrity).toMatch(/^sha512-/);

    const report = join(root, 'berkeley-audit.md');
    writeFileSync(report, '# Audit of @berkeley/dpan-disaster-prep@1.0.0\n\nSetup, task policy and seasonal windows reviewed; no findings.\n');
    await dpanJson('audit', `${BERKELEY}@1.0.0`, '--report', report, '--verdict', 'pass', '--account', ACCOUNT.berkeleyAuditor, ...registry);
    const info = await dpan('info', `${BERKELEY}@1.0.0`, ...registry);
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout).toContain(AUDITOR_ADDRESS.berkeley);
  }, 180_000);

  it('Mexico City forks it with Spanish task names and its own rates inside the bounds, publishes, and gets its audit', async () => {
    const out = join(root, 'cdmx-disaster-prep');
    const forked = await dpanJson<Forked>(
      'fork', `${BERKELEY}@1.0.0`, '--as', CDMX, '--params', join(EXAMPLES, 'cdmx', 'fork-disaster-prep.json'), '--out', out, ...registry,
    );
    expect(forked).toMatchObject({ name: CDMX, version: '2.0.0', forkedFrom: `${BERKELEY}@1.0.0` });
    const tasks = JSON.parse(readFileSync(join(out, 'tasks.json'), 'utf8')) as { taskTypes: { id: string; title: string; rate: { default: number } }[] };
    expect(tasks.taskTypes.find((t) => t.id === 'cert-basics')).toMatchObject({ title: 'Curso básico de brigadista comunitario', rate: { default: 40 } });

    const published = await dpanJson<Published>('publish', out, '--token', tokens['cdmx'] ?? '', '--account', ACCOUNT.cdmx, ...registry);
    expect(published).toMatchObject({ name: CDMX, version: '2.0.0', forkedFrom: `${BERKELEY}@1.0.0` });
    const report = join(root, 'cdmx-audit.md');
    writeFileSync(report, '# Auditoría de @cdmx/dpan-disaster-prep@2.0.0\n\nMismo código que 1.0.0 de Berkeley; parámetros dentro de sus límites.\n');
    await dpanJson('audit', `${CDMX}@2.0.0`, '--report', report, '--verdict', 'pass', '--account', ACCOUNT.cdmxAuditor, ...registry);
  }, 180_000);

  it('Mexico City installs its fork on its own chain, after a dry run that changes nothing', async () => {
    cpSync(join(EXAMPLES, 'cdmx'), cdmxCity, { recursive: true });
    await dpanJson('chain', 'start', '--city', cdmxCity);
    await dpanJson('city', 'deploy', '--city', cdmxCity);
    const dry = await dpan('install', `${CDMX}@^2.0.0`, '--city', cdmxCity, '--dry-run', ...registry);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Curso básico de brigadista comunitario');
    expect(dry.stdout).toContain(`forked from ${BERKELEY}@1.0.0`);
    expect(existsSync(join(cdmxCity, 'dpan-lock.json'))).toBe(false);
    expect(existsSync(join(cdmxCity, '.citysync', 'modules'))).toBe(false);

    const installed = await dpanJson<{ version: string; module: Address; preview: { manifestHash: string } }>('install', `${CDMX}@^2.0.0`, '--city', cdmxCity, ...registry);
    expect(installed.version).toBe('2.0.0');
    const deployment = JSON.parse(readFileSync(join(cdmxCity, '.citysync', 'deployment.json'), 'utf8')) as { rpcUrl?: string; contracts: { kernel: Address } };
    const chain = JSON.parse(readFileSync(join(cdmxCity, '.citysync', 'chain', 'anvil.json'), 'utf8')) as { rpcUrl: string };
    const onChain = await readContract(createPublicClient({ transport: http(chain.rpcUrl) }), {
      address: deployment.contracts.kernel,
      abi: ModuleKernelAbi,
      functionName: 'installation',
      args: [CDMX],
    });
    expect(onChain).toMatchObject({ installed: true, version: '2.0.0', contentHash: installed.preview.manifestHash, module: installed.module });
    const lock = JSON.parse(readFileSync(join(cdmxCity, 'dpan-lock.json'), 'utf8')) as { modules: Record<string, { version: string; forkedFrom: string; audits: { auditor: string }[] }> };
    expect(lock.modules[CDMX]).toMatchObject({ version: '2.0.0', forkedFrom: `${BERKELEY}@1.0.0`, audits: [{ auditor: AUDITOR_ADDRESS.cdmx }] });
    const status = await dpan('status', '--city', cdmxCity, ...registry);
    expect(status.stdout).toContain(`${CDMX}@2.0.0`);
    expect(status.stdout).not.toContain('ADVISORY');
  }, 240_000);

  it('dpan lineage shows Berkeley -> Mexico City, then Oaxaca forks Mexico City\'s fork', async () => {
    const two = await dpanJson<Lineage>('lineage', CDMX, ...registry);
    expect(two.roots.map((r) => r.id)).toEqual([`${BERKELEY}@1.0.0`]);
    expect(two.roots[0]?.forks.map((f) => f.id)).toEqual([`${CDMX}@2.0.0`]);

    const params = join(root, 'fork-oaxaca.json');
    writeFileSync(params, JSON.stringify({
      $schema: 'https://schemas.citysync.dev/fork-parameters.schema.json',
      taskTypes: { 'go-bag-check': { title: 'Revisión de mochila de emergencia (Oaxaca)', rate: { default: 10 } } },
    }));
    const out = join(root, 'oaxaca-disaster-prep');
    const forked = await dpanJson<Forked>('fork', `${CDMX}@2.0.0`, '--as', OAXACA, '--params', params, '--out', out, ...registry);
    expect(forked).toMatchObject({ name: OAXACA, version: '3.0.0', forkedFrom: `${CDMX}@2.0.0` });
    await dpanJson('publish', out, '--token', tokens['oaxaca'] ?? '', '--account', ACCOUNT.oaxaca, ...registry);

    const three = await dpanJson<Lineage>('lineage', BERKELEY, ...registry);
    expect(three.roots[0]?.forks[0]?.forks.map((f) => f.id)).toEqual([`${OAXACA}@3.0.0`]);
    const text = await dpan('lineage', OAXACA, ...registry);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.split('\n');
    const at = (id: string) => lines.findIndex((l) => l.includes(id));
    expect(at(`${BERKELEY}@1.0.0`)).toBeGreaterThanOrEqual(0);
    expect(at(`${CDMX}@2.0.0`)).toBeGreaterThan(at(`${BERKELEY}@1.0.0`));
    expect(at(`${OAXACA}@3.0.0`)).toBeGreaterThan(at(`${CDMX}@2.0.0`));
  }, 180_000);
});
