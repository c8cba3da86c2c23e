import type { CategoryCounts, HazardCategory } from './categories.js';
import { type Zone, zoneRing } from './zones.js';

export type ZoneFeature = {
  type: 'Feature';
  id: string;
  geometry: { type: 'Polygon'; coordinates: [number, number][][] };
  properties: { rank: number; cell: string; zoneId: string; resolution: number; requests: number; score: number; byCategory: CategoryCounts };
};

export type HazardFeature = {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: {
    category: HazardCategory;
    severity: number;
    taskId: string;
    completionId: string;
    participant: string;
    zone: string | undefined;
    evidenceHash: string;
    photos: string[];
    note: string | undefined;
    completedAt: string;
  };
};

export type FeatureCollection<F> = { type: 'FeatureCollection'; features: F[] };

/** The ranked zones as GeoJSON (RFC 7946): one polygon per H3 cell, in rank order, with counts by category. */
export function zonesToGeoJson(zones: readonly Zone[]): FeatureCollection<ZoneFeature> {
  return {
    type: 'FeatureCollection',
    features: zones.map((z) => ({
      type: 'Feature',
      id: z.cell,
      geometry: { type: 'Polygon', coordinates: [zoneRing(z.cell)] },
      properties: { rank: z.rank, cell: z.cell, zoneId: z.zoneId, resolution: z.resolution, requests: z.requests, score: z.score, byCategory: z.byCategory },
    })),
  };
}
