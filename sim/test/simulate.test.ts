// `dpan simulate` through the real binary on the short scenario: the results file and the charts it writes, and a
// bad scenario refused as a usage error that names the file and the field.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { type SimulationResults, scenariosDir } from '@citysync/sim';
import { dpan } from '../../test/utils/dpan.js';

const dir = mkdtempSync(join(tmpdir(), 'citysync-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dpan simulate', () => {
  it('writes <scenario>.json and the three charts as SVG and PNG', async () => {
    const result = await dpan('simulate', 'crosscheck', '--out', dir, '--json');
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as { scenario: string; files: string[] };
    expect(printed.scenario).toBe('crosscheck');
    for (const name of ['indicators', 'flows', 'coverage']) {
      const svg = readFileSync(join(dir, `crosscheck-${name}.svg`), 'utf8');
      expect(svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
      expect(readFileSync(join(dir, `crosscheck-${name}.png`)).subarray(1, 4).toString()).toBe('PNG');
    }
    const results = JSON.parse(readFileSync(join(dir, 'crosscheck.json'), 'utf8')) as SimulationResults;
    const [policy] = results.policies;
    expect(policy?.periods).toHaveLength(4);
    const { green, amber, red } = policy?.summary ?? { green: 0, amber: 0, red: 0 };
    expect(green + amber + red).toBeCloseTo(1, 2);
    // The results are the indexer's rows: outstanding is what was issued minus what was redeemed.
    const periods = policy?.periods ?? [];
    const issued = periods.reduce((a, p) => a + p.issued, 0);
    const redeemed = periods.reduce((a, p) => a + p.redeemed, 0);
    expect(periods.at(-1)?.outstanding).toBe(issued - redeemed);
  });

  it('refuses a bad scenario with exit 2, naming the file and the pointer, and writes nothing', async () => {
    const scenario = JSON.parse(readFileSync(join(scenariosDir, 'crosscheck.json'), 'utf8')) as Record<string, unknown>;
    (scenario['coverage'] as Record<string, number>)['ratioBps'] = 20_000;
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(scenario));
    const out = join(dir, 'bad-out');
    const result = await dpan('simulate', file, '--out', out);
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toMatch(/bad\.json#\/coverage\/ratioBps: 20000 is outside \[5000, 10000\]/);
    expect(existsSync(out)).toBe(false);
  });
});
