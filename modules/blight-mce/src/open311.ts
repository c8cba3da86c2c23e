import { readFileSync } from 'node:fs';
import { extname } from 'node:path';

import { parse } from 'csv-parse/sync';

import { Open311FileError } from './errors.js';

/**
 * One Open311 GeoReport v2 service request as the file holds it (GET /requests.json; a CSV export has the same
 * columns). Values stay as read: {@link validateRequests} checks and converts them.
 */
export type Open311Row = {
  /** 1-based: the element's position in a JSON array; the line number in a CSV (the header is line 1). */
  row: number;
  /** JSON pointer of the row in a JSON file (`/3`), or `''` for a CSV row. */
  pointer: string;
  fields: Readonly<Record<string, unknown>>;
};

export type ReadOpen311Format = 'json' | 'csv';

/** The fields of GeoReport v2 the import reads; others (agency_responsible, media_url, ...) are kept but unused. */
export const open311Fields = [
  'service_request_id',
  'status',
  'service_code',
  'service_name',
  'description',
  'requested_datetime',
  'lat',
  'long',
  'address',
] as const;

/** Reads a 311 file: a GeoReport v2 JSON array, or a CSV with the same column names (by extension, or `format`). */
export function readOpen311(file: string, format?: ReadOpen311Format): Open311Row[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Open311FileError(file, 'cannot be read', { cause: error });
  }
  return parseOpen311(text, format ?? (extname(file).toLowerCase() === '.csv' ? 'csv' : 'json'), file);
}

export function parseOpen311(text: string, format: ReadOpen311Format, file = `requests.${format}`): Open311Row[] {
  return format === 'csv' ? parseCsv(text, file) : parseJson(text, file);
}

function parseJson(text: string, file: string): Open311Row[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Open311FileError(file, 'is not valid JSON', { cause: error, details: 'A GeoReport v2 file is a JSON array of service requests.' });
  }
  if (!Array.isArray(data)) throw new Open311FileError(file, 'must be a JSON array of service requests (GeoReport v2 GET /requests.json)');
  return data.map((item: unknown, i) => ({
    row: i + 1,
    pointer: `/${i}`,
    fields: typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : {},
  }));
}

function parseCsv(text: string, file: string): Open311Row[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true }) as typeof records;
  } catch (error) {
    throw new Open311FileError(file, 'is not a readable CSV file', { cause: error, details: `The header row names the GeoReport v2 fields: ${open311Fields.join(', ')}.` });
  }
  if (records.length > 0 && !('lat' in (records[0]?.record ?? {}))) {
    throw new Open311FileError(file, 'has no "lat" column', { details: `The header row names the GeoReport v2 fields: ${open311Fields.join(', ')}.` });
  }
  // info.lines is the line a record ends on; records here are single-line, so it is the row's line number.
  return records.map(({ record, info }) => ({ row: info.lines, pointer: '', fields: record }));
}
