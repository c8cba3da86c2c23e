// Everything the page shows, as one JSON-able object (also served at /api/dashboard.json).
import { readFileSync } from 'node:fs';

import { type CityActivity, readCityActivity } from './activity.js';
import type { DashboardCity, IndexDashboardCity, OpenDashboardRegistry } from './dashboardCity.js';
import { DashboardGeoJsonError } from './errors.js';
import { type HealthReport, readHealthReport } from './healthReport.js';
import { type DashboardModules, readDashboardModules } from './modules.js';
import { type DashboardVault, readDashboardVault } from './vault.js';

export type GeoJsonFeature = { type: 'Feature'; id?: string | number; geometry: { type: string; coordinates: unknown }; properties?: Record<string, unknown> | null };
export type GeoJsonFeatureCollection = { type: 'FeatureCollection'; features: GeoJsonFeature[] };

export type DashboardData = {
  city: { name: string; ticker: string; rpcUrl: string };
  /** ISO 8601, when the figures were read. */
  generatedAt: string;
  health: HealthReport;
  activity: CityActivity;
  modules: DashboardModules;
  /** The City Vault, when the city has one. */
  vault: DashboardVault | undefined;
  zones: GeoJsonFeatureCollection | undefined;
  zonesSource: string | undefined;
};

/** Reads a GeoJSON FeatureCollection (zones or hazards), checking its shape enough to draw it. */
export function readGeoJson(file: string): GeoJsonFeatureCollection {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DashboardGeoJsonError(file, `cannot be read as JSON (${(error as Error).message})`);
  }
  const collection = value as Partial<GeoJsonFeatureCollection>;
  if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new DashboardGeoJsonError(file, '/type must be "FeatureCollection" with a /features array');
  }
  collection.features.forEach((f, i) => {
    if (f?.type !== 'Feature' || typeof f.geometry?.type !== 'string') throw new DashboardGeoJsonError(file, `/features/${i} is not a Feature with a geometry`);
  });
  return collection as GeoJsonFeatureCollection;
}

export type ReadDashboardDataParameters = {
  connection: DashboardCity;
  index: IndexDashboardCity;
  openRegistry: OpenDashboardRegistry;
  /** The zone map, read once at start. */
  zones?: { file: string; collection: GeoJsonFeatureCollection } | undefined;
};

export async function readDashboardData(parameters: ReadDashboardDataParameters): Promise<DashboardData> {
  const { connection } = parameters;
  const health = await readHealthReport(connection, await parameters.index());
  return {
    city: { name: connection.config.name, ticker: connection.config.ticker, rpcUrl: connection.rpcUrl },
    generatedAt: new Date().toISOString().slice(0, 19).replace('T', ' ') + ' UTC',
    health,
    activity: readCityActivity(health.index.dbPath, connection.city),
    modules: await readDashboardModules(connection, parameters.openRegistry, health.index.dbPath),
    vault: await readDashboardVault(connection),
    zones: parameters.zones?.collection,
    zonesSource: parameters.zones?.file,
  };
}
