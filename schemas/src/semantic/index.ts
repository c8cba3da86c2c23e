import type { CitySyncDocuments } from '../generated/types.js';
import type { SchemaKind } from '../kinds.js';
import { checkCity } from './city.js';
import type { SemanticCheck } from './context.js';
import { checkEvidence } from './evidence.js';
// fork-parameters
import { checkForkParameters } from './forkParameters.js';
import { checkGovernanceParameters } from './governanceParameters.js';
import { checkManifest } from './manifest.js';
import { checkMceRecord } from './mceRecord.js';
import { checkRedemptionOfferings } from './redemptionOfferings.js';
import { checkTaskCatalog } from './taskCatalog.js';
import { checkVerificationRules } from './verificationRules.js';
import { checkBesuGenesis, checkValidators } from './chainGenesis.js';

/** The semantic check of each kind, run once a document matches its schema. */
export const semanticChecks: { [K in SchemaKind]: SemanticCheck<CitySyncDocuments[K]> } = {
  city: checkCity,
  'governance-parameters': checkGovernanceParameters,
  manifest: checkManifest,
  'task-catalog': checkTaskCatalog,
  'verification-rules': checkVerificationRules,
  evidence: checkEvidence,
  'mce-record': checkMceRecord,
  'redemption-offerings': checkRedemptionOfferings,
  // fork-parameters
  'fork-parameters': checkForkParameters,
  validators: checkValidators,
  'besu-genesis': checkBesuGenesis,
  // The schema says all there is: whether a request can execute is the chain's to say (the relayer checks it).
  'relay-request': () => [],
};
