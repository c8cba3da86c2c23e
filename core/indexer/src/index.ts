// Indexer (SQLite) and the four health indicators
export {
  indexCity,
  type IndexCityErrorType,
  type IndexCityParameters,
  type IndexCityReturnType,
  type IndexProgress,
} from './indexer/indexCity.js';
// Following the chain (dpan serve): new blocks as they come, reorganisations rolled back to the fork point
export {
  followCity,
  rollbackIndex,
  type CityFollower,
  type FollowCityParameters,
  type FollowStep,
  type FollowerStatus,
} from './indexer/followCity.js';
export { readCursor, type IndexCursor } from './indexer/database.js';
// The ingest pipeline under indexCity, for a caller that brings its own logs (the health benchmark).
export { openIndexDatabase } from './indexer/database.js';
export { LogIngester, standardEvents } from './indexer/ingest.js';
export type { IndexerRpcLog } from './indexer/decodeLog.js';
export {
  IndexerDatabaseMismatchError,
  IndexerError,
  IndexerInputError,
  IndexerReorgError,
  IndexerRpcError,
} from './indexer/errors.js';
export {
  computeHealth,
  type ComputeHealthParameters,
  type ComputeHealthReturnType,
  type HealthMetric,
  type HealthRow,
} from './health/computeHealth.js';
export {
  HealthParameterError,
  readHealthParameters,
  type Band,
  type HealthBand,
  type HealthGovernance,
  type HealthParameters,
} from './health/parameters.js';
export { readPeriodClock, type PeriodClock, type ReadPeriodClockParameters } from './health/periodClock.js';
export { formatHealthTable } from './health/formatHealthTable.js';
export {
  planHealthActions,
  type CoverageDirection,
  type HealthAction,
  type HealthSignal,
  type PlanHealthActionsReturnType,
} from './health/planHealthActions.js';
export {
  applyHealthActions,
  type ApplyHealthActionsErrorType,
  type ApplyHealthActionsParameters,
  type ApplyHealthActionsReturnType,
} from './health/applyHealthActions.js';
