import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import {
  type EvidenceDocument,
  type TaskCatalog,
  type ValidationIssue,
  canonicalJson,
  schemaFileNames,
} from '@citysync/schemas';
import { readSchemaFile } from '@citysync/schemas/node';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import type { FormatsPlugin } from 'ajv-formats';
import { type Hex, keccak256, toBytes } from 'viem';

import { HazardEvidenceError } from './errors.js';
import { isInZone } from './zones.js';

/** The module's evidence schema file (JSON Schema 2020-12, extending the core evidence schema through allOf/$ref). */
export const evidenceSchemaFile = fileURLToPath(new URL('../evidence/evidence.schema.json', import.meta.url));

let schema: Record<string, unknown> | undefined;
let validator: ValidateFunction | undefined;
const require = createRequire(import.meta.url);

/** The module's evidence schema document. */
export function hazardEvidenceSchema(): Record<string, unknown> {
  schema ??= JSON.parse(readFileSync(evidenceSchemaFile, 'utf8')) as Record<string, unknown>;
  return schema;
}

/**
 * keccak256 of the schema's RFC 8785 canonical JSON: the evidence schema hash every task of the module carries
 * (dpan.json passes it to the setup; the module's task policy refuses a task with another).
 */
export function hazardEvidenceSchemaHash(): Hex {
  return keccak256(toBytes(canonicalJson(hazardEvidenceSchema())));
}

/**
 * The compiled schema: an ajv 2020-12 instance holding every @citysync/schemas schema (so the module schema's $ref
 * to https://schemas.citysync.dev/evidence.schema.json resolves to the core's, by $id, offline), strict like the
 * core's validator.
 */
function compiled(): ValidateFunction {
  if (validator !== undefined) return validator;
  const { Ajv2020: AjvClass } = require('ajv/dist/2020') as { Ajv2020: typeof Ajv2020 };
  const addFormats = (require('ajv-formats') as { default: FormatsPlugin }).default;
  const ajv = new AjvClass({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv, ['date-time']);
  for (const name of schemaFileNames) ajv.addSchema(readSchemaFile(name));
  validator = ajv.compile(hazardEvidenceSchema());
  return validator;
}

export type ValidateHazardEvidenceParameters = {
  evidence: unknown;
  /** The task's zone (H3 cell index): the document's zoneId must name it and its point must lie inside it. */
  cell: string;
  /** The task type's catalog entry: its required observation kinds and fewest photos. */
  taskType?: TaskCatalog['taskTypes'][number] | undefined;
  /** Name of the document in issues. Default: `evidence.json`. */
  file?: string | undefined;
};

/**
 * Every problem of an evidence document for a task of the module: the module's schema (which includes the core's),
 * the catalog's required observations and photos for the task type, the zone named, and the geo point inside the
 * zone's H3 cell (h3-js: the point's cell at the zone's resolution is the zone). Empty: the document may go on chain.
 */
export function validateHazardEvidence(parameters: ValidateHazardEvidenceParameters): ValidationIssue[] {
  const { evidence, cell, taskType } = parameters;
  const file = parameters.file ?? 'evidence.json';
  const validate = compiled();
  if (!validate(evidence)) {
    // "must match then" repeats the error beneath it: keep the ones that say what is wrong.
    return (validate.errors ?? [])
      .filter((e) => e.keyword !== 'if' && e.keyword !== 'allOf')
      .map((e) => ({
        file,
        pointer: e.instancePath,
        message: e.message ?? 'is invalid',
        ...(e.keyword === 'enum' ? { allowed: (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ') } : {}),
      }));
  }
  const doc = evidence as EvidenceDocument;
  const issues: ValidationIssue[] = [];
  if (doc.zoneId !== cell) issues.push({ file, pointer: '/zoneId', message: `"${doc.zoneId}" is not the task's zone`, value: doc.zoneId, allowed: `"${cell}"` });
  const { lat, lon } = doc.location;
  if (!isInZone(cell, lat, lon)) {
    issues.push({ file, pointer: '/location', message: `(${lat}, ${lon}) is outside the task's zone ${cell}`, value: doc.location });
  }
  if (taskType !== undefined) {
    const kinds = new Set(doc.observations.map((o) => o.kind));
    for (const kind of taskType.evidence.requiredObservations) {
      if (!kinds.has(kind)) issues.push({ file, pointer: '/observations', message: `no "${kind}" observation, which ${taskType.id} requires` });
    }
    if (doc.photos.length < taskType.evidence.photosMin) {
      issues.push({ file, pointer: '/photos', message: `${doc.photos.length} photo(s); ${taskType.id} requires at least ${taskType.evidence.photosMin}` });
    }
  }
  return issues;
}

/** {@link validateHazardEvidence}, throwing {@link HazardEvidenceError} with every issue. */
export function assertHazardEvidence(parameters: ValidateHazardEvidenceParameters): EvidenceDocument {
  const issues = validateHazardEvidence(parameters);
  if (issues.length > 0) throw new HazardEvidenceError(issues);
  return parameters.evidence as EvidenceDocument;
}
