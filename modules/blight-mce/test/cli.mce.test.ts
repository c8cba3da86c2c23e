// `dpan mce zones`, a command this package contributes to dpan (dpan-commands.js): the blight MCE's 311 import
// from the command line, as a city team runs it (no chain needed until --register); and the commands of a fork the
// city installed from a registry, under another name, working on the fork.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { getResolution } from 'h3-js';
import { afterAll, describe, expect, it } from 'vitest';

import { dpan, dpanIn } from './dpan.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const BERKELEY = fileURLToPath(new URL('../../../examples/berkeley', import.meta.url));

const SAMPLE = 'modules/blight-mce/test/fixtures/berkeley-311.synthetic.csv';
const CITY = 'examples/berkeley';

describe('dpan mce zones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dpan-mce-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an export with bad rows, names each by row and field, and writes nothing', async () => {
    const out = join(dir, 'refused.geojson');
    const result = await dpan('mce', 'zones', '--from-311', SAMPLE, '--city', CITY, '--geojson', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('4 invalid rows');
    expect(result.stderr).toContain(`row 5: ${SAMPLE}#/lat: missing latitude`);
    expect(result.stderr).toContain(`row 12: ${SAMPLE}#/service_code: "POTHOLE" is not in the mapping`);
    expect(result.stderr).toContain(`row 19: ${SAMPLE}#/requested_datetime: "last Tuesday" is not a date`);
    expect(result.stderr).toContain(`row 26: ${SAMPLE}#/lat: (37.7749, -122.4194) is outside the city's bounding box`);
    expect(existsSync(out)).toBe(false);
  });

  it('with --skip-invalid ranks the zones and writes them as GeoJSON polygons with counts by category', async () => {
    const out = join(dir, 'zones.geojson');
    const result = await dpan(
      'mce', 'zones', '--from-311', SAMPLE, '--city', CITY, '--top', '3', '--skip-invalid', '--geojson', out, '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const geojson = JSON.parse(readFileSync(out, 'utf8')) as {
      type: string;
      features: { geometry: { type: string; coordinates: number[][][] }; properties: Record<string, unknown> }[];
    };
    expect(geojson.type).toBe('FeatureCollection');
    expect(geojson.features).toHaveLength(3);
    for (const feature of geojson.features) {
      expect(feature.geometry.type).toBe('Polygon');
      const ring = feature.geometry.coordinates[0] ?? [];
      expect(ring.length).toBeGreaterThanOrEqual(7); // a hexagon, closed
      expect(ring[0]).toEqual(ring[ring.length - 1]);
    }
    const counts = geojson.features.map((f) => JSON.stringify(f.properties));
    expect(counts[0]).toContain('illegal-dumping');
  });

  it('a mapping file for another 311 system replaces the default', async () => {
    const result = await dpan(
      'mce', 'zones', '--from-311', SAMPLE, '--city', CITY, '--mapping', 'modules/blight-mce/test/fixtures/other-city-mapping.json',
    );
    // The other city's codes do not cover Berkeley's export: every row is refused by its code.
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not in the mapping; allowed: /);
  });
});

describe('dpan mce in a city that installed a fork under another name', () => {
  // Outside the repository, as a city's directory would be: the installed package has no node_modules of its own.
  const city = mkdtempSync(join(tmpdir(), 'dpan-mce-fork-'));
  afterAll(() => rmSync(city, { recursive: true, force: true }));
  const NAME = '@cdmx/dpan-blight-fork';
  const VERSION = '2.0.0';
  const sample = fileURLToPath(new URL('fixtures/berkeley-311.synthetic.csv', import.meta.url));

  /** What `dpan install` leaves: the package in .citysync/modules/<name>/<version>, its entry in dpan-lock.json. */
  function installFork(): string {
    for (const file of ['city.json', 'governance.json']) cpSync(join(BERKELEY, file), join(city, file));
    const dir = join(city, '.citysync', 'modules', NAME, VERSION);
    cpSync(PACKAGE_DIR, dir, { recursive: true, filter: (source) => !/[/\\](node_modules|out|cache|test|scripts)([/\\]|$)/.test(source) });
    const edit = (file: string, change: (value: Record<string, unknown>) => void): void => {
      const value = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
      change(value);
      writeFileSync(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
    };
    edit('package.json', (pkg) => Object.assign(pkg, { name: NAME, version: VERSION }));
    edit('dpan.json', (manifest) => Object.assign(manifest, { name: NAME, version: VERSION, forkedFrom: '@citysync/dpan-blight-mce@0.1.0' }));
    edit('tasks.json', (catalog) => Object.assign(catalog, { module: NAME }));
    // The fork's own parameter: zones of H3 resolution 7 instead of 8.
    edit('parameters.json', (parameters) => Object.assign((parameters['parameters'] as Record<string, Record<string, unknown>>)['zones.resolution'] ?? {}, { default: 7 }));
    const locked = {
      version: VERSION,
      integrity: 'sha512-installed-by-the-test',
      manifestHash: `0x${'00'.repeat(32)}`,
      module: `0x${'00'.repeat(20)}`,
      forkedFrom: '@citysync/dpan-blight-mce@0.1.0',
      audits: [],
      registry: { url: 'http://127.0.0.1:4873', chainId: 31337, moduleRegistry: `0x${'00'.repeat(20)}` },
      installedAt: new Date().toISOString(),
    };
    writeFileSync(join(city, 'dpan-lock.json'), `${JSON.stringify({ lockfileVersion: 1, modules: { [NAME]: locked } }, null, 2)}\n`);
    return dir;
  }

  it("runs the fork's own commands, found through dpan-lock.json, on the fork (its parameters)", async () => {
    installFork();
    const fork = await dpanIn(city, 'mce', 'zones', '--from-311', sample, '--skip-invalid', '--top', '3', '--json');
    expect(fork.code, fork.stderr).toBe(0);
    const forkZones = (JSON.parse(fork.stdout) as { zones: { cell: string }[] }).zones;
    expect(forkZones.map((z) => getResolution(z.cell))).toEqual([7, 7, 7]);
    // The same export with the package beside dpan (a city that installed none): resolution 8.
    const original = await dpan('mce', 'zones', '--from-311', sample, '--city', BERKELEY, '--skip-invalid', '--top', '3', '--json');
    expect(original.code, original.stderr).toBe(0);
    expect((JSON.parse(original.stdout) as { zones: { cell: string }[] }).zones.map((z) => getResolution(z.cell))).toEqual([8, 8, 8]);
    // --city from elsewhere finds the same lockfile.
    const elsewhere = await dpan('mce', 'zones', '--from-311', sample, '--city', join(city, 'city.json'), '--skip-invalid', '--top', '1', '--json');
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect((JSON.parse(elsewhere.stdout) as { zones: { cell: string }[] }).zones.map((z) => getResolution(z.cell))).toEqual([7]);
  });

  it('a broken installed package: its commands are reported, naming the package and file, and the others work', async () => {
    const dir = installFork();
    writeFileSync(join(dir, 'dpan-commands.js'), 'export function register( {\n');
    const result = await dpanIn(city, 'validate', join(city, 'city.json'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`dpan: the commands of ${NAME} (${join(dir, 'dpan-commands.js')}) were not loaded:`);
    expect(result.stderr).toContain('Other commands work.');
  });
});
