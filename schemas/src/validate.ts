import { validatorOf } from './ajv.js';
import { SchemaValidationError } from './errors/validation.js';
import { issuesFromAjvErrors } from './formatAjv.js';
import type { CitySyncDocuments, VerificationRules } from './generated/types.js';
import type { ValidationIssue } from './issues.js';
import { type SchemaKind, defaultFileNames } from './kinds.js';
import { semanticChecks } from './semantic/index.js';

export type ValidateDocumentOptions = {
  /** File name used in issues. Default: the kind's conventional name, e.g. `city.json`. */
  file?: string | undefined;
  /** Task catalogs (and nothing else) are checked against these rules: every task type must name one of them. */
  verificationRules?: VerificationRules | undefined;
  /** File name of `verificationRules`, for messages. Default: `verification.json`. */
  verificationRulesFile?: string | undefined;
  /** Governance parameters only: the file is a city's own, so it must define every key the health model reads. */
  cityParameters?: boolean | undefined;
};

/**
 * Validates a parsed document against its kind's schema and, if it matches, against the rules checked in code
 * (a threshold above the member count, a default outside its bounds, overlapping windows). Returns every issue
 * found; an empty list means the document is valid.
 *
 * @example
 * validateDocument('city', config, { file: 'city.json' }).map(formatIssue)
 * // ['city.json#/committees/0/threshold: 5 is more than the 3 members']
 */
export function validateDocument<K extends SchemaKind>(
  kind: K,
  data: unknown,
  options: ValidateDocumentOptions = {},
): ValidationIssue[] {
  const file = options.file ?? defaultFileNames[kind];
  const validate = validatorOf(kind);
  if (!validate(data)) return issuesFromAjvErrors(validate.errors ?? [], file);
  const check = semanticChecks[kind];
  return check(data as CitySyncDocuments[K], {
    file,
    cityParameters: options.cityParameters,
    verificationRules:
      options.verificationRules === undefined
        ? undefined
        : { file: options.verificationRulesFile ?? defaultFileNames['verification-rules'], rules: options.verificationRules },
  });
}

/** Whether `data` is a valid document of `kind` (schema and code rules). */
export function isValidDocument<K extends SchemaKind>(
  kind: K,
  data: unknown,
  options: ValidateDocumentOptions = {},
): data is CitySyncDocuments[K] {
  return validateDocument(kind, data, options).length === 0;
}

/** Validates a document and returns it typed, or throws {@link SchemaValidationError} listing every issue. */
export function assertDocument<K extends SchemaKind>(
  kind: K,
  data: unknown,
  options: ValidateDocumentOptions = {},
): CitySyncDocuments[K] {
  const issues = validateDocument(kind, data, options);
  if (issues.length > 0) throw new SchemaValidationError(issues);
  return data as CitySyncDocuments[K];
}
