// `npm start`'s story (runStory, what scripts/start.ts runs) once, on real anvils and a real verdaccio, in a
// temporary state directory: its milestones in the output, the files it wrote, and nothing left running after it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { embeddedChainStatus } from '@citysync/devnet';
import { registryNetworkStatus } from '@citysync/registry';
import { afterAll, describe, expect, it } from 'vitest';

import { type RunStoryReturnType, runStory } from '../scripts/start/story.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Processes whose parent is this one (the story's children would be, had it left any running). */
function children(): string[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((l) => l.trim() !== '');
  } catch {
    return []; // ps exits 1 when there is no such process
  }
}

describe('npm start: the whole story on embedded defaults', () => {
  const state = mkdtempSync(join(tmpdir(), 'citysync-start-'));
  const lines: string[] = [];
  let result: RunStoryReturnType;

  afterAll(() => {
    rmSync(state, { recursive: true, force: true });
  });

  it('runs every step, in order, each with its duration', async () => {
    result = await runStory({ root: ROOT, stateDir: state, participants: 36, out: { write: (l) => lines.push(l), tty: false } });
    const text = lines.join('\n');
    const milestones = [
      /1\. replacing .* starting an embedded anvil per city and the registry network/,
      /Berkeley http:\/\/127\.0\.0\.1:\d+, Mexico City http:\/\/127\.0\.0\.1:\d+, registry http:\/\/127\.0\.0\.1:\d+/,
      /blight & safety MCE with 36 participants/,
      /completions and redemptions: \d+\/\d+/,
      /hazard dataset: \d+ verified observations/,
      /0x[0-9a-fA-F]{40} gave 250000 tUSD "in memory of the 1991 Oakland Hills fire": locked for ever/,
      /harvested 17499\.99999\d tUSD of yield; paid:\n.*emergency backstop: 6999\.99999\d tUSD/,
      /civic-value statement \d{4}/,
      /principal 350000 tUSD never moves; wrote .*vault-statement-\d{4}\.html/,
      /graduates: 4 of 4 criteria pass/,
      /@berkeley\/dpan-blight-cleanup@0\.1\.0 in .* forked from @citysync\/dpan-blight-mce@0\.1\.0/,
      /published @citysync\/dpan-blight-mce@0\.1\.0/,
      /published @berkeley\/dpan-blight-cleanup@0\.1\.0 .*forked from @citysync\/dpan-blight-mce@0\.1\.0/,
      /published @citysync\/dpan-disaster-prep@0\.1\.0/,
      /@citysync\/dpan-disaster-prep@0\.1\.0: pass by 0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097/,
      /forked -> @cdmx\/dpan-disaster-prep@1\.0\.0/,
      /pass by 0x71bE63f3384f5fb98995898A86B02Fb2426c5788/,
      /Curso básico de brigadista comunitario/,
      /installed @cdmx\/dpan-disaster-prep@1\.0\.0 at 0x[0-9a-fA-F]{40} on Mexico City's chain/,
      /trainings and drill check-ins: 48\/48/,
      /24 trained .*drill on \d{4}-09-01: 24 check-ins verified by 2 marshals each, 480 credits minted/,
      /@citysync\/dpan-disaster-prep@0\.1\.0 .*\n.*└─ @cdmx\/dpan-disaster-prep@1\.0\.0/,
      /Berkeley \(BRKY\): \d+ events indexed/,
      /period +starts \(UTC\) +credit use/,
      /Mexico City \(CDMX\): \d+ events indexed/,
      /chains and registry stopped/,
      /dpan dashboard --city .*berkeley/,
      /npm start finished in \d+\.\d s/,
    ];
    let from = 0;
    for (const m of milestones) {
      const found = m.exec(text.slice(from));
      expect(found, `${m} after offset ${from} of:\n${text}`).not.toBeNull();
      from += (found?.index ?? 0) + 1;
    }
    // Every step reports its own duration.
    expect(text.match(/\(\d+\.\d s\)$/gm)?.length ?? 0).toBeGreaterThanOrEqual(10);
  }, 300_000);

  it('wrote the record, the hazard dataset, the packages, the lockfile and both cities\' indexes', () => {
    const record = JSON.parse(readFileSync(join(state, 'berkeley', 'blight.record.json'), 'utf8')) as { lineage: { module: string }; outcomes: { verified: number } };
    expect(record.lineage.module).toBe('@citysync/dpan-blight-mce@0.1.0');
    expect(record.outcomes.verified).toBeGreaterThan(0);
    const hazards = JSON.parse(readFileSync(join(state, 'berkeley', 'hazards.geojson'), 'utf8')) as { type: string; features: { geometry: { type: string } }[] };
    expect(hazards.type).toBe('FeatureCollection');
    expect(hazards.features.length).toBeGreaterThan(0);
    expect(hazards.features[0]?.geometry.type).toBe('Point');
    expect(existsSync(join(state, 'packages', 'dpan-blight-cleanup', 'dpan.json'))).toBe(true);
    const lock = JSON.parse(readFileSync(join(state, 'cdmx', 'dpan-lock.json'), 'utf8')) as { modules: Record<string, { version: string; forkedFrom: string }> };
    expect(lock.modules['@cdmx/dpan-disaster-prep']).toMatchObject({ version: '1.0.0', forkedFrom: '@citysync/dpan-disaster-prep@0.1.0' });
    for (const city of ['berkeley', 'cdmx']) expect(existsSync(join(state, city, '.citysync', 'index.sqlite'))).toBe(true);
    const statement = readdirSync(join(state, 'berkeley')).find((f) => /^vault-statement-\d{4}\.html$/.test(f));
    expect(statement).toBeDefined();
    const html = readFileSync(join(state, 'berkeley', statement!), 'utf8');
    expect(html).toContain('in memory of the 1991 Oakland Hills fire');
    expect(html).toContain('emergency backstop');
    expect(result.files.map((f) => f.replace(/.*\.citysync|.*citysync-start-[^/]+/, ''))).toContain('/berkeley/hazards.geojson');
  });

  it('left nothing running: no anvil, no verdaccio', () => {
    for (const city of ['berkeley', 'cdmx']) expect(embeddedChainStatus(join(state, city)).running).toBe(false);
    const registry = registryNetworkStatus(join(state, 'registry'));
    expect(registry.registry.running).toBe(false);
    expect(registry.chain.running).toBe(false);
    expect(children().filter((l) => /anvil|verdaccio/.test(l))).toEqual([]);
  });
});
