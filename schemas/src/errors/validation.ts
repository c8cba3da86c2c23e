import { schemaKinds } from '../kinds.js';
import { type ValidationIssue, formatIssue } from '../issues.js';
import { CitySyncError } from './base.js';

/**
 * An input file (or an in-memory document) failed its schema or a rule checked in code. `issues` lists every
 * problem; the message prints each as `file#/pointer: message`.
 */
export class SchemaValidationError extends CitySyncError {
  override name = 'SchemaValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const files = [...new Set(issues.map((issue) => issue.file))];
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`${files.join(', ')}: ${count}; fix ${issues.length === 1 ? 'it' : 'them'} and run again`, {
      details: issues.map(formatIssue).join('\n'),
    });
    this.issues = issues;
  }
}

/** A value cannot be written as canonical JSON (RFC 8785): NaN, Infinity, undefined or a bigint. */
export class CanonicalJsonError extends CitySyncError {
  override name = 'CanonicalJsonError';

  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(`cannot write canonical JSON: ${reason}; use only strings, finite numbers, booleans, null, arrays and objects`, options);
  }
}

/** A caller named a document kind this package has no schema for. */
export class UnknownSchemaKindError extends CitySyncError {
  override name = 'UnknownSchemaKindError';

  constructor(kind: string) {
    super(`no schema for kind ${JSON.stringify(kind)}; use one of ${schemaKinds.join(', ')}`);
  }
}
