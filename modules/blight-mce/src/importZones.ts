import { type Open311Issue, Open311RowsError } from './errors.js';
import { type ServiceCodeMapping, loadMapping } from './mapping.js';
import { type ReadOpen311Format, readOpen311 } from './open311.js';
import { type BoundingBox, validateRequests } from './validateRequests.js';
import { type CategoryWeights, type Zone, aggregateZones } from './zones.js';

export type ImportZonesParameters = {
  /** A GeoReport v2 JSON array or a CSV with the same columns. */
  file: string;
  format?: ReadOpen311Format | undefined;
  /** The city's bounding box (city.json `boundingBox`). */
  boundingBox: BoundingBox;
  /** Service code -> category; default: the module's open311-mapping.json. */
  mapping?: ServiceCodeMapping | undefined;
  /** Leave invalid rows out (each still reported in `skipped`); default false: any invalid row throws. */
  skipInvalid?: boolean | undefined;
  /** Keep the N highest-ranked zones; default all. */
  top?: number | undefined;
  resolution?: number | undefined;
  weights?: CategoryWeights | undefined;
};

export type ImportZonesReturnType = {
  zones: Zone[];
  /** Every zone before --top. */
  ranked: number;
  rows: number;
  open: number;
  closed: number;
  /** Invalid rows left out (only with skipInvalid). */
  skipped: Open311Issue[];
};

/** `Open311RowsError` when a row is invalid and `skipInvalid` is not set; `Open311FileError` for an unreadable file. */
export type ImportZonesErrorType = Open311RowsError;

/**
 * 311 file -> ranked priority zones: reads the rows, checks each (coordinates, bounding box, service code, date),
 * stops at the first import with an invalid row unless `skipInvalid`, aggregates the open requests into H3 cells and
 * ranks them.
 */
export function importZones(parameters: ImportZonesParameters): ImportZonesReturnType {
  const rows = readOpen311(parameters.file, parameters.format);
  const mapping = parameters.mapping ?? loadMapping();
  const { requests, issues } = validateRequests({ rows, mapping, boundingBox: parameters.boundingBox, file: parameters.file });
  if (issues.length > 0 && parameters.skipInvalid !== true) throw new Open311RowsError(issues);
  const all = aggregateZones({ requests, resolution: parameters.resolution, weights: parameters.weights });
  const open = requests.filter((r) => r.open).length;
  return {
    zones: parameters.top === undefined ? all : all.slice(0, parameters.top),
    ranked: all.length,
    rows: rows.length,
    open,
    closed: requests.length - open,
    skipped: issues,
  };
}
