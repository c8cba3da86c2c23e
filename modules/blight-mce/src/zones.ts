import { cellToBoundary, cellToLatLng, getResolution, isValidCell, latLngToCell } from 'h3-js';
import { type Hex, numberToHex } from 'viem';

import { type CategoryCounts, type HazardCategory, emptyCounts, hazardCategories } from './categories.js';
import type { ServiceRequest } from './validateRequests.js';

/** Priority weight of one open request per category (parameters.json `weight.illegalDumping`, ...; 1 when absent). */
export type CategoryWeights = Partial<Record<HazardCategory, number>>;

/** A priority zone: one H3 cell with the open 311 requests inside it. */
export type Zone = {
  /** 1 = highest priority. */
  rank: number;
  /** H3 cell index (hex string), e.g. `8828308281fffff`. */
  cell: string;
  /** On-chain zone id: the H3 index as bytes32. */
  zoneId: Hex;
  resolution: number;
  /** Cell centre [lat, lon]. */
  center: [number, number];
  requests: number;
  /** Sum of weight(category) over its open requests: what ranks it. */
  score: number;
  byCategory: CategoryCounts;
  /** service_request_id of each request in the zone. */
  requestIds: string[];
};

export type AggregateZonesParameters = {
  requests: readonly ServiceRequest[];
  /** H3 resolution (parameters.json `zones.resolution`, default 8). */
  resolution?: number | undefined;
  weights?: CategoryWeights | undefined;
};

/**
 * Aggregates the open requests into H3 cells and ranks them: by weighted score, then request count, then cell
 * index (so equal zones rank the same way on every machine). Closed requests are left out.
 */
export function aggregateZones(parameters: AggregateZonesParameters): Zone[] {
  const resolution = parameters.resolution ?? 8;
  const weights = parameters.weights ?? {};
  const byCell = new Map<string, Omit<Zone, 'rank'>>();
  for (const request of parameters.requests) {
    if (!request.open) continue;
    const cell = latLngToCell(request.lat, request.lon, resolution);
    let zone = byCell.get(cell);
    if (zone === undefined) {
      zone = { cell, zoneId: zoneIdOf(cell), resolution, center: cellToLatLng(cell) as [number, number], requests: 0, score: 0, byCategory: emptyCounts(), requestIds: [] };
      byCell.set(cell, zone);
    }
    zone.requests += 1;
    zone.score += weights[request.category] ?? 1;
    zone.byCategory[request.category] += 1;
    zone.requestIds.push(request.id);
  }
  return [...byCell.values()]
    .sort((a, b) => b.score - a.score || b.requests - a.requests || (a.cell < b.cell ? -1 : 1))
    .map((zone, i) => ({ rank: i + 1, ...zone }));
}

/** Reads `weight.<category in camelCase>` (weight.illegalDumping, ...) from resolved module parameters. */
export function weightsFromParameters(parameters: Readonly<Record<string, number>>): CategoryWeights {
  const weights: CategoryWeights = {};
  for (const category of hazardCategories) {
    const value = parameters[`weight.${category.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}`];
    if (value !== undefined) weights[category] = value;
  }
  return weights;
}

/** The on-chain id of a zone: its H3 index (64 bits) as bytes32. */
export function zoneIdOf(cell: string): Hex {
  return numberToHex(BigInt(`0x${cell}`), { size: 32 });
}

/** The H3 cell of an on-chain zone id, or undefined when the id is not a valid cell. */
export function cellOf(zoneId: Hex): string | undefined {
  const value = BigInt(zoneId);
  if (value === 0n || value >> 64n !== 0n) return undefined;
  const cell = value.toString(16);
  return isValidCell(cell) ? cell : undefined;
}

/** Whether (lat, lon) lies inside the zone's cell: the point's cell at the zone's resolution is the zone. */
export function isInZone(cell: string, lat: number, lon: number): boolean {
  return latLngToCell(lat, lon, getResolution(cell)) === cell;
}

/** The cell's polygon ring as GeoJSON [lon, lat] positions, closed (h3-js's GeoJSON format repeats the first). */
export function zoneRing(cell: string): [number, number][] {
  return cellToBoundary(cell, true) as [number, number][];
}
