import { readFileSync } from 'node:fs';

import { SchemaValidationError } from '../errors/validation.js';
import type { CitySyncDocuments } from '../generated/types.js';
import { type ValidationIssue, issueAt } from '../issues.js';
import { parseJsonc } from '../jsonc.js';
import type { SchemaKind } from '../kinds.js';
import { type ValidateDocumentOptions, assertDocument } from '../validate.js';

export type ReadDocumentReturnType = { ok: true; value: unknown } | { ok: false; issue: ValidationIssue };

/** Reads and parses a JSON or JSONC file; an unreadable file or a syntax error becomes an issue. */
export function readDocument(path: string): ReadDocumentReturnType {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : String(error);
    return { ok: false, issue: issueAt(path, '', `cannot be read: ${reason}`) };
  }
  return parseJsonc(text, path);
}

/**
 * Reads a JSON or JSONC file, validates it as `kind` and returns it typed. Throws {@link SchemaValidationError}
 * (with `.issues`) when the file cannot be read or parsed, or is invalid.
 *
 * @example
 * const city = loadAndValidate('city', 'examples/berkeley/city.json')
 * city.committees[0].threshold
 */
export function loadAndValidate<K extends SchemaKind>(
  kind: K,
  path: string,
  options: Omit<ValidateDocumentOptions, 'file'> = {},
): CitySyncDocuments[K] {
  const read = readDocument(path);
  if (!read.ok) throw new SchemaValidationError([read.issue]);
  return assertDocument(kind, read.value, { ...options, file: path });
}
