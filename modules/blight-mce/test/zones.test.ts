// Zones: open requests aggregated into H3 cells (h3-js), ranked by weighted score, as a GeoJSON FeatureCollection
// of cell polygons with their counts by category; ids round-trip between H3 index and bytes32.
import { fileURLToPath } from 'node:url';

import { loadAndValidate } from '@citysync/schemas/node';
import { readModuleDirectory, resolveModuleParameters } from '@citysync/module-kit';
import { cellToBoundary, getResolution, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';

import { aggregateZones, cellOf, importZones, isInZone, weightsFromParameters, zoneIdOf, zonesToGeoJson } from '../src/index.js';
import type { ServiceRequest } from '../src/index.js';

const DIR = fileURLToPath(new URL('..', import.meta.url));
const FILE = fileURLToPath(new URL('./fixtures/berkeley-311.synthetic.valid.json', import.meta.url));
const berkeley = loadAndValidate('city', fileURLToPath(new URL('../../../examples/berkeley/city.json', import.meta.url)));

const request = (id: string, category: ServiceRequest['category'], lat: number, lon: number, open = true): ServiceRequest => ({
  row: Number(id),
  id,
  open,
  serviceCode: 'X',
  category,
  requestedAt: new Date(0),
  lat,
  lon,
  address: undefined,
  description: undefined,
});

describe('priority zones', () => {
  it('aggregates open requests into H3 cells and ranks them by weighted score, then count', () => {
    const a = [37.8625, -122.293] as const;
    const b = [37.8562, -122.27] as const;
    const zones = aggregateZones({
      requests: [
        request('1', 'graffiti', ...b),
        request('2', 'graffiti', ...b),
        request('3', 'graffiti', ...b),
        request('4', 'illegal-dumping', ...a),
        request('5', 'illegal-dumping', ...a, false), // closed: left out
      ],
      weights: { 'illegal-dumping': 3, graffiti: 1 },
    });
    expect(zones.map((z) => [z.rank, z.cell, z.requests, z.score])).toEqual([
      [1, latLngToCell(...b, 8), 3, 3],
      [2, latLngToCell(...a, 8), 1, 3],
    ]);
    const unweighted = aggregateZones({ requests: [request('1', 'graffiti', ...b), request('2', 'illegal-dumping', ...a), request('3', 'illegal-dumping', ...a)] });
    expect(unweighted[0]?.cell).toBe(latLngToCell(...a, 8));
    expect(unweighted[0]?.byCategory).toEqual({ 'illegal-dumping': 2, 'broken-signage': 0, graffiti: 0, 'overgrown-sidewalk': 0, 'unsafe-intersection': 0 });
  });

  it("ranks the synthetic sample with the module's weights; --top keeps the first N", () => {
    const { parameters } = readModuleDirectory(DIR);
    const values = resolveModuleParameters(parameters);
    const weights = weightsFromParameters(values);
    expect(weights).toEqual({ 'illegal-dumping': 3, 'broken-signage': 2, graffiti: 1, 'overgrown-sidewalk': 2, 'unsafe-intersection': 3 });
    const all = importZones({ file: FILE, boundingBox: berkeley.boundingBox, weights, resolution: values['zones.resolution'] });
    const top = importZones({ file: FILE, boundingBox: berkeley.boundingBox, weights, top: 3 });
    expect(top.zones).toEqual(all.zones.slice(0, 3));
    expect(top.ranked).toBe(all.zones.length);
    expect(all.zones.map((z) => z.rank)).toEqual(all.zones.map((_, i) => i + 1));
    for (let i = 1; i < all.zones.length; i++) expect((all.zones[i - 1]?.score ?? 0) >= (all.zones[i]?.score ?? 0)).toBe(true);
    expect(all.zones.reduce((n, z) => n + z.requests, 0)).toBe(all.open);
    expect(all.zones.every((z) => getResolution(z.cell) === 8)).toBe(true);
  });

  it('writes a GeoJSON FeatureCollection of closed cell polygons with counts by category', () => {
    const { zones } = importZones({ file: FILE, boundingBox: berkeley.boundingBox, top: 2 });
    const geojson = zonesToGeoJson(zones);
    expect(geojson.type).toBe('FeatureCollection');
    expect(geojson.features).toHaveLength(2);
    const [first] = geojson.features;
    expect(first?.geometry.type).toBe('Polygon');
    const ring = first?.geometry.coordinates[0] ?? [];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring).toEqual(cellToBoundary(first?.properties.cell ?? '', true));
    expect(first?.properties).toMatchObject({ rank: 1, cell: zones[0]?.cell, requests: zones[0]?.requests, byCategory: zones[0]?.byCategory });
    // GeoJSON positions are [lon, lat]: inside Berkeley's box.
    for (const [lon, lat] of ring) {
      expect(lon).toBeGreaterThan(berkeley.boundingBox.west);
      expect(lat).toBeGreaterThan(berkeley.boundingBox.south);
    }
  });

  it('zone ids are the H3 index as bytes32 and back; points are in a zone iff their cell is the zone', () => {
    const cell = latLngToCell(37.8625, -122.293, 8);
    const id = zoneIdOf(cell);
    expect(id).toMatch(/^0x0{48}[0-9a-f]{16}$/);
    expect(cellOf(id)).toBe(cell);
    expect(cellOf(`0x${'ff'.repeat(32)}`)).toBeUndefined();
    expect(isInZone(cell, 37.8625, -122.293)).toBe(true);
    expect(isInZone(cell, 37.8562, -122.27)).toBe(false);
  });
});
