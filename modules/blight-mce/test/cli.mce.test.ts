// `dpan mce zones`: the blight MCE's 311 import from the command line, as a city team runs it (no chain needed
// until --register).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { dpan } from '../../../test/utils/dpan.js';

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
