import type { CityConfig } from '@citysync/schemas';

import type { HazardCategory } from './categories.js';
import type { Open311Issue } from './errors.js';
import type { ServiceCodeMapping } from './mapping.js';
import type { Open311Row } from './open311.js';

export type BoundingBox = CityConfig['boundingBox'];

/** A checked service request. */
export type ServiceRequest = {
  row: number;
  id: string;
  open: boolean;
  serviceCode: string;
  category: HazardCategory;
  requestedAt: Date;
  lat: number;
  lon: number;
  address: string | undefined;
  description: string | undefined;
};

export type ValidateRequestsParameters = {
  rows: readonly Open311Row[];
  mapping: ServiceCodeMapping;
  boundingBox: BoundingBox;
  /** Name of the file in issues. */
  file: string;
};

export type ValidateRequestsReturnType = { requests: ServiceRequest[]; issues: Open311Issue[] };

/**
 * Checks every row: coordinates present and numeric, inside the city's bounding box; a service code the mapping
 * knows; a parseable requested_datetime. A row with any issue is not among `requests`; the caller decides whether
 * issues stop the import (the default) or are skipped (--skip-invalid).
 */
export function validateRequests(parameters: ValidateRequestsParameters): ValidateRequestsReturnType {
  const { rows, mapping, boundingBox: box, file } = parameters;
  const requests: ServiceRequest[] = [];
  const issues: Open311Issue[] = [];
  for (const { row, pointer, fields } of rows) {
    const before = issues.length;
    const issue = (field: string, message: string, value?: unknown, allowed?: string): void => {
      issues.push({ file, pointer: pointer === '' ? `/${field}` : `${pointer}/${field}`, row, field, message, value, ...(allowed === undefined ? {} : { allowed }) });
    };
    const lat = coordinate(fields.lat);
    const lon = coordinate(fields.long);
    if (lat === undefined) issue('lat', fields.lat === undefined || fields.lat === '' ? 'missing latitude' : `${JSON.stringify(fields.lat)} is not a latitude`, fields.lat);
    if (lon === undefined) issue('long', fields.long === undefined || fields.long === '' ? 'missing longitude' : `${JSON.stringify(fields.long)} is not a longitude`, fields.long);
    if (lat !== undefined && lon !== undefined && (lat < box.south || lat > box.north || lon < box.west || lon > box.east)) {
      issue('lat', `(${lat}, ${lon}) is outside the city's bounding box`, [lat, lon], `south ${box.south}, west ${box.west}, north ${box.north}, east ${box.east}`);
    }
    const code = typeof fields.service_code === 'string' ? fields.service_code.trim() : String(fields.service_code ?? '');
    const category = mapping[code];
    if (category === undefined) {
      issue('service_code', code === '' ? 'missing service code' : `"${code}" is not in the mapping`, fields.service_code, Object.keys(mapping).join(', '));
    }
    const raw = fields.requested_datetime;
    const time = typeof raw === 'string' && raw.trim() !== '' ? Date.parse(raw) : Number.NaN;
    if (Number.isNaN(time)) issue('requested_datetime', raw === undefined || raw === '' ? 'missing date' : `${JSON.stringify(raw)} is not a date`, raw, 'an ISO 8601 date-time, e.g. 2025-03-02T14:05:00-08:00');
    if (issues.length > before || lat === undefined || lon === undefined || category === undefined) continue;
    requests.push({
      row,
      id: String(fields.service_request_id ?? `row-${row}`),
      open: String(fields.status ?? 'open').trim().toLowerCase() === 'open',
      serviceCode: code,
      category,
      requestedAt: new Date(time),
      lat,
      lon,
      address: typeof fields.address === 'string' && fields.address !== '' ? fields.address : undefined,
      description: typeof fields.description === 'string' && fields.description !== '' ? fields.description : undefined,
    });
  }
  return { requests, issues };
}

function coordinate(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
