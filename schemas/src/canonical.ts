import canonicalizeModule from 'canonicalize';
import type { Hex } from 'viem';
import { keccak256, stringToBytes } from 'viem/utils';

import { CanonicalJsonError, SchemaValidationError } from './errors/validation.js';
import { validateDocument } from './validate.js';

// canonicalize is CommonJS (`module.exports = serialize`) while its typings declare an ES default export, which
// NodeNext types as the module object: the default import is the function itself (in Node and in bundlers).
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/**
 * RFC 8785 (JCS) canonical JSON: keys sorted by UTF-16 code units, no whitespace, numbers as ECMAScript prints
 * them. Two documents with the same content give the same string whatever their key order or formatting.
 */
export function canonicalJson(value: unknown): string {
  let json: string | undefined;
  try {
    json = canonicalize(value);
  } catch (error) {
    throw new CanonicalJsonError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (json === undefined) throw new CanonicalJsonError(`${typeof value} has no JSON form`);
  return json;
}

/**
 * The content hash of an evidence document: `keccak256(utf8(canonicalJson(doc)))`, the value a completion
 * carries on chain. The document is validated against the evidence schema first, so only a valid document
 * gets a hash; `doc` is typically an `EvidenceDocument`, or JSON read from a file. Throws {@link SchemaValidationError} (with `.issues`) when it is invalid.
 *
 * @example
 * const hash = evidenceHash(JSON.parse(readFileSync('evidence.json', 'utf8')))
 * await submitCompletion(wallet, { city, taskId, evidenceHash: hash })
 */
export function evidenceHash(doc: unknown, options: { file?: string } = {}): Hex {
  const issues = validateDocument('evidence', doc, options);
  if (issues.length > 0) throw new SchemaValidationError(issues);
  return keccak256(stringToBytes(canonicalJson(doc)));
}
