import { evidenceHash } from '@citysync/schemas';
import type { Hex } from 'viem';

// The SDK user's one import for evidence: the document type and the canonical form come from the schemas package.
export { canonicalJson, SchemaValidationError, type EvidenceDocument } from '@citysync/schemas';

export type HashEvidenceOptions = {
  /** Name of the document's file in error messages. Default: `evidence.json`. */
  file?: string | undefined;
};

/**
 * The content hash a completion carries on chain: the document is validated against the evidence schema, then
 * hashed as `keccak256(utf8(canonicalJson(document)))` (RFC 8785), so key order and formatting do not matter and
 * anyone holding the document recomputes the same hash. `document` is typically an `EvidenceDocument`, or JSON
 * read from a file. Throws `SchemaValidationError` (with `.issues`, each printed `evidence.json#/pointer: message`)
 * when the document is invalid.
 *
 * @example
 * const hash = hashEvidence(JSON.parse(readFileSync('evidence.json', 'utf8')), { file: 'evidence.json' })
 */
export function hashEvidence(document: unknown, options: HashEvidenceOptions = {}): Hex {
  return evidenceHash(document, options.file === undefined ? {} : { file: options.file });
}
