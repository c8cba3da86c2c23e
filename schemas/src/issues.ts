/** One problem found in an input file, located by JSON pointer (or, for a syntax error, by line and column). */
export type ValidationIssue = {
  /** The file as the user named it, e.g. `city.json` or `examples/berkeley/governance.json`. */
  file: string;
  /** RFC 6901 JSON pointer of the offending value; `''` is the whole document. */
  pointer: string;
  /** What is wrong, starting with the offending value, e.g. `5 is more than the 3 members`. */
  message: string;
  /** The offending value, when there is one. */
  value?: unknown;
  /** What would be accepted, in words or as a list, e.g. `"accreditation", "issuance"`. */
  allowed?: string;
  /** 1-based line of a syntax error. */
  line?: number;
  /** 1-based column of a syntax error. */
  column?: number;
};

/**
 * One line a city team can act on: `city.json#/committees/0/threshold: 5 is more than the 3 members`, with
 * `; allowed: ...` when the issue says what is accepted, or `city.json: line 3 col 5: ...` for a syntax error.
 */
export function formatIssue(issue: ValidationIssue): string {
  const location =
    issue.line !== undefined ? `${issue.file}: line ${issue.line} col ${issue.column ?? 1}` : `${issue.file}#${issue.pointer}`;
  return `${location}: ${issue.message}${issue.allowed !== undefined ? `; allowed: ${issue.allowed}` : ''}`;
}

/** Every issue, one per line. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map(formatIssue).join('\n');
}

/** Escapes one reference token of a JSON pointer (RFC 6901). */
export function pointerToken(token: string | number): string {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Joins a JSON pointer and further tokens. */
export function pointerJoin(pointer: string, ...tokens: (string | number)[]): string {
  return pointer + tokens.map((token) => `/${pointerToken(token)}`).join('');
}

/** A value as it appears in a message: JSON, shortened when long. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** Builds an issue, leaving out the optional fields that are undefined (exactOptionalPropertyTypes). */
export function issueAt(
  file: string,
  pointer: string,
  message: string,
  extra: { value?: unknown; allowed?: string | undefined } = {},
): ValidationIssue {
  return {
    file,
    pointer,
    message,
    ...('value' in extra ? { value: extra.value } : {}),
    ...(extra.allowed !== undefined ? { allowed: extra.allowed } : {}),
  };
}
