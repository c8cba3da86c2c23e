// The 311 import on the synthetic Berkeley sample: JSON and CSV agree, bad rows are reported with their row numbers
// and stop the import unless skipped, a mapping file replaces the default, the bounding box comes from city.json.
import { fileURLToPath } from 'node:url';

import { loadAndValidate } from '@citysync/schemas/node';
import { describe, expect, it } from 'vitest';

import {
  Open311FileError,
  Open311RowsError,
  formatOpen311Issue,
  importZones,
  loadMapping,
  parseMapping,
  parseOpen311,
  readOpen311,
  validateRequests,
} from '../src/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const JSON_FILE = fixture('berkeley-311.synthetic.json');
const CSV_FILE = fixture('berkeley-311.synthetic.csv');
const berkeley = loadAndValidate('city', fileURLToPath(new URL('../../../examples/berkeley/city.json', import.meta.url)));
const cdmx = loadAndValidate('city', fileURLToPath(new URL('../../../examples/cdmx/city.json', import.meta.url)));

function rejection(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return expect.fail('expected an error');
}

describe('Open311 GeoReport v2 files', () => {
  it('reads the JSON array and the CSV with the same fields and row numbers', () => {
    const json = readOpen311(JSON_FILE);
    const csv = readOpen311(CSV_FILE);
    expect(json).toHaveLength(29);
    expect(csv).toHaveLength(29);
    expect(json[0]?.row).toBe(1);
    expect(csv[0]?.row).toBe(2); // the header is line 1
    const mapping = loadMapping();
    const a = validateRequests({ rows: json, mapping, boundingBox: berkeley.boundingBox, file: 'a.json' });
    const b = validateRequests({ rows: csv, mapping, boundingBox: berkeley.boundingBox, file: 'a.csv' });
    expect(b.requests.map((r) => [r.id, r.category, r.lat, r.lon, r.open, r.requestedAt.toISOString()])).toEqual(
      a.requests.map((r) => [r.id, r.category, r.lat, r.lon, r.open, r.requestedAt.toISOString()]),
    );
    expect(a.requests).toHaveLength(25);
  });

  it('reports each bad row with its row number, field and what is allowed', () => {
    const { issues } = validateRequests({ rows: readOpen311(JSON_FILE), mapping: loadMapping(), boundingBox: berkeley.boundingBox, file: 'berkeley-311.json' });
    expect(issues.map((i) => [i.row, i.field])).toEqual([
      [4, 'lat'],
      [4, 'long'],
      [11, 'service_code'],
      [18, 'requested_datetime'],
      [25, 'lat'],
    ]);
    expect(issues.map(formatOpen311Issue)).toEqual([
      'row 4: berkeley-311.json#/3/lat: missing latitude',
      'row 4: berkeley-311.json#/3/long: missing longitude',
      expect.stringMatching(/^row 11: berkeley-311\.json#\/10\/service_code: "POTHOLE" is not in the mapping; allowed: ILLDUMP, /),
      'row 18: berkeley-311.json#/17/requested_datetime: "last Tuesday" is not a date; allowed: an ISO 8601 date-time, e.g. 2025-03-02T14:05:00-08:00',
      "row 25: berkeley-311.json#/24/lat: (37.7749, -122.4194) is outside the city's bounding box; allowed: south 37.835, west -122.325, north 37.906, east -122.234",
    ]);
    const csv = validateRequests({ rows: readOpen311(CSV_FILE), mapping: loadMapping(), boundingBox: berkeley.boundingBox, file: 'b.csv' });
    expect([...new Set(csv.issues.map((i) => i.row))]).toEqual([5, 12, 19, 26]);
  });

  it('stops on bad rows unless --skip-invalid, which leaves them out and still reports them', () => {
    const error = rejection(() => importZones({ file: JSON_FILE, boundingBox: berkeley.boundingBox }));
    expect(error).toBeInstanceOf(Open311RowsError);
    expect((error as Open311RowsError).shortMessage).toMatch(/4 invalid rows; fix them, or pass --skip-invalid/);
    const skipped = importZones({ file: JSON_FILE, boundingBox: berkeley.boundingBox, skipInvalid: true });
    expect(new Set(skipped.skipped.map((i) => i.row))).toEqual(new Set([4, 11, 18, 25]));
    expect(skipped.rows).toBe(29);
    expect(skipped.open + skipped.closed).toBe(25);
    const clean = importZones({ file: fixture('berkeley-311.synthetic.valid.json'), boundingBox: berkeley.boundingBox });
    expect(clean.skipped).toEqual([]);
    expect(clean.zones).toEqual(skipped.zones);
  });

  it("checks points against the city's own bounding box: Berkeley's requests are all outside Mexico City", () => {
    const { requests, issues } = validateRequests({ rows: readOpen311(fixture('berkeley-311.synthetic.valid.json')), mapping: loadMapping(), boundingBox: cdmx.boundingBox, file: 'x.json' });
    expect(requests).toEqual([]);
    expect(issues).toHaveLength(25);
    expect(issues.every((i) => i.message.includes("outside the city's bounding box"))).toBe(true);
  });

  it('a mapping file replaces the default entirely', () => {
    const other = loadMapping(fixture('other-city-mapping.json'));
    expect(other).toEqual({ DUMP01: 'illegal-dumping', TAG02: 'graffiti' });
    const rows = parseOpen311(
      JSON.stringify([
        { service_request_id: '1', status: 'open', service_code: 'DUMP01', requested_datetime: '2025-03-01T10:00:00Z', lat: 37.87, long: -122.27 },
        { service_request_id: '2', status: 'open', service_code: 'ILLDUMP', requested_datetime: '2025-03-01T10:00:00Z', lat: 37.87, long: -122.27 },
      ]),
      'json',
    );
    const { requests, issues } = validateRequests({ rows, mapping: other, boundingBox: berkeley.boundingBox, file: 'r.json' });
    expect(requests.map((r) => r.category)).toEqual(['illegal-dumping']);
    expect(issues.map((i) => [i.row, i.field, i.allowed])).toEqual([[2, 'service_code', 'DUMP01, TAG02']]);
  });

  it('refuses a mapping to an unknown category and a file that is not an array', () => {
    const error = rejection(() => parseMapping({ X: 'potholes' }, 'm.json'));
    expect(error).toBeInstanceOf(Open311FileError);
    expect((error as Open311FileError).shortMessage).toBe('m.json: #/X: "potholes" is not a hazard category');
    expect(() => parseOpen311('{"service_requests": []}', 'json', 'r.json')).toThrow('r.json: must be a JSON array of service requests');
    expect(() => parseOpen311('not json', 'json', 'r.json')).toThrow(Open311FileError);
  });
});
