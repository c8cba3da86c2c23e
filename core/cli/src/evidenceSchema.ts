import { canonicalJson, schemaFileName } from '@citysync/schemas';
import { readSchemaFile } from '@citysync/schemas/node';
import { type Hex, keccak256, stringToBytes } from 'viem';

/**
 * The content hash a task records for the bundled evidence schema: keccak256 of its canonical JSON (RFC 8785),
 * the same rule evidence documents are hashed by, so anyone holding the schema can recompute it.
 */
export function defaultEvidenceSchemaHash(): Hex {
  return keccak256(stringToBytes(canonicalJson(readSchemaFile(schemaFileName('evidence')))));
}
