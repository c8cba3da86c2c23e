export {
  createDashboardHandler,
  startDashboardServer,
  type DashboardHandler,
  type DashboardServer,
  type StartDashboardServerParameters,
} from './server.js';
export type { DashboardCity, DashboardIndex, IndexDashboardCity, OpenDashboardRegistry } from './dashboardCity.js';
export { readDashboardData, readGeoJson, type DashboardData, type GeoJsonFeature, type GeoJsonFeatureCollection, type ReadDashboardDataParameters } from './readDashboardData.js';
export { readHealthReport, type HealthReport } from './healthReport.js';
export type { DashboardModule, DashboardModules } from './modules.js';
export type { DashboardVault, DashboardVaultLine } from './vault.js';
export type { CityActivity, OfferUse, ProposalView, TaskTally } from './activity.js';
export { DashboardGeoJsonError, DashboardListenError } from './errors.js';
