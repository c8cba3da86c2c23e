import type { VerificationRules } from '../generated/types.js';
import type { ValidationIssue } from '../issues.js';

/** What a semantic check knows besides the document. */
export type CheckContext = {
  /** The file name used in issues. */
  file: string;
  /** The verification rules task types refer to, when known (a module directory, an MCE record). */
  verificationRules?: { file: string; rules: VerificationRules } | undefined;
  /** The document is a city's parameters file (city.json `parameters`), which the health model reads. */
  cityParameters?: boolean | undefined;
};

/** A semantic check: rules a schema cannot say, run on a document that already matches its schema. */
export type SemanticCheck<T> = (document: T, context: CheckContext) => ValidationIssue[];

/** For each item after the first with the same key: its index and the index of the first. */
export function repeats<T>(items: readonly T[], keyOf: (item: T) => string): { index: number; first: number }[] {
  const firstIndex = new Map<string, number>();
  const found: { index: number; first: number }[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else found.push({ index, first });
  });
  return found;
}

/** Milliseconds since the epoch of an RFC 3339 date-time the schema already accepted. */
export function instant(dateTime: string): number {
  return Date.parse(dateTime);
}
