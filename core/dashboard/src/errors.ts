import { CitySyncError } from '@citysync/sdk';

/** The zone map file given to `dpan dashboard --geojson` is missing or is not a GeoJSON FeatureCollection. */
export class DashboardGeoJsonError extends CitySyncError {
  override name = 'DashboardGeoJsonError';
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`, {
      details: 'Pass a FeatureCollection, e.g. written by `dpan mce zones --geojson zones.geojson` or `dpan mce report --geojson hazards.geojson`.',
    });
  }
}

/** The dashboard's port is taken or cannot be bound. */
export class DashboardListenError extends CitySyncError {
  override name = 'DashboardListenError';
  constructor(host: string, port: number, cause: unknown) {
    super(`The dashboard cannot listen on ${host}:${port}.`, { cause, details: 'Pick another port with --port <N> (0 picks a free one).' });
  }
}
