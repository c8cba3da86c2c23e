// --- end issue 5 (fork, search, info, lineage) ---
// --- issue 7 (dashboard) ---
export { startDashboardServer, type DashboardServer, type StartDashboardServerParameters } from './server.js';
export { readHealthReport, type HealthReport } from './healthReport.js';
export { DashboardGeoJsonError, DashboardListenError } from './errors.js';
