// Public API of @citysync/dpan-blight-mce: the 311 import, the zones, the evidence rules and the event on chain.
export { hazardCategories, isHazardCategory, emptyCounts, type CategoryCounts, type HazardCategory } from './categories.js';
export {
  BlightEventStateError,
  BlightMceRevertError,
  HazardEvidenceError,
  Open311FileError,
  Open311RowsError,
  formatOpen311Issue,
  type Open311Issue,
} from './errors.js';
export { defaultMappingFile, loadMapping, parseMapping, type ServiceCodeMapping } from './mapping.js';
export { open311Fields, parseOpen311, readOpen311, type Open311Row, type ReadOpen311Format } from './open311.js';
export {
  validateRequests,
  type BoundingBox,
  type ServiceRequest,
  type ValidateRequestsParameters,
  type ValidateRequestsReturnType,
} from './validateRequests.js';
export {
  aggregateZones,
  cellOf,
  isInZone,
  weightsFromParameters,
  zoneIdOf,
  zoneRing,
  type AggregateZonesParameters,
  type CategoryWeights,
  type Zone,
} from './zones.js';
export { zonesToGeoJson, type FeatureCollection, type HazardFeature, type ZoneFeature } from './geojson.js';
export { importZones, type ImportZonesErrorType, type ImportZonesParameters, type ImportZonesReturnType } from './importZones.js';
export {
  assertHazardEvidence,
  evidenceSchemaFile,
  hazardEvidenceSchema,
  hazardEvidenceSchemaHash,
  validateHazardEvidence,
  type ValidateHazardEvidenceParameters,
} from './evidence.js';
export { blightMceAbi } from './abi.js';
export { decodeBlightMceRevert } from './internal/write.js';
export { delegateSchedulingCall, scheduleEventCall } from './eventCalls.js';
export { readEvent, type BlightEvent } from './readEvent.js';
export { registerZones, type RegisterZonesParameters, type RegisterZonesReturnType } from './registerZones.js';
export { assignZones, type AssignZonesParameters } from './assignZones.js';
export { BLIGHT_MCE, publishEventTask, type PublishEventTaskParameters } from './publishEventTask.js';
export { completeHazardTask, type CompleteHazardTaskParameters } from './completeHazardTask.js';
export { openEventOffer, type OpenEventOfferParameters } from './openEventOffer.js';
export { buildReport, type BuildReportParameters, type BuildReportReturnType, type IssuerSummary, type MceReportSummary } from './report.js';
export { MceEventNotFinishedError, MceEventNotFoundError, MceModuleMismatchError, MceRecordExistsError } from './exportErrors.js';
export { findMceEvent, listMceEvents, type ListMceEventsParameters, type MceEvent } from './mceEvents.js';
export { labelsByHash, organizationNames, parseOfferLabel } from './metadataLabels.js';
export { isoOf, measureOutcomes, timelineInterval, type EventCompletion, type MeasuredOutcomes, type MeasureOutcomesParameters } from './exportOutcomes.js';
export { parametersInForce, type ParametersInForceParameters } from './exportParameters.js';
export { eventOffers, type EventOffersParameters, type EventOffersReturnType } from './exportOffers.js';
export { MCE_RECORD_SCHEMA, exportMceRecord, type ExportMceRecordParameters, type ExportMceRecordReturnType } from './exportRecord.js';
export { assertRecordPathFree, writeMceRecord } from './writeRecord.js';
