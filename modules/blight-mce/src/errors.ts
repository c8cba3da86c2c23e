import { CitySyncError, type CitySyncErrorOptions, type ValidationIssue, formatIssue } from '@citysync/schemas';

/** A 311 file, a mapping file or the city config cannot be read or parsed at all (not one bad row: the file). */
export class Open311FileError extends CitySyncError {
  override name = 'Open311FileError';
  readonly file: string;

  constructor(file: string, message: string, options: CitySyncErrorOptions = {}) {
    super(`${file}: ${message}`, options);
    this.file = file;
  }
}

/**
 * Rows of a 311 file are invalid (missing coordinates, unknown service codes, unparseable dates, outside the
 * city's bounding box) and --skip-invalid was not given: nothing was aggregated or registered.
 */
export class Open311RowsError extends CitySyncError {
  override name = 'Open311RowsError';
  readonly issues: readonly Open311Issue[];

  constructor(issues: readonly Open311Issue[]) {
    const rows = new Set(issues.map((i) => i.row)).size;
    super(`${issues[0]?.file ?? '311 file'}: ${rows} invalid row${rows === 1 ? '' : 's'}; fix them, or pass --skip-invalid to leave them out`, {
      details: issues.map(formatOpen311Issue).join('\n'),
    });
    this.issues = issues;
  }
}

/** One bad row of a 311 file: its row number (1-based element of a JSON array; line number in a CSV) and field. */
export type Open311Issue = ValidationIssue & { row: number; field: string };

export function formatOpen311Issue(issue: Open311Issue): string {
  return `row ${issue.row}: ${formatIssue(issue)}`;
}

/** An evidence document fails the module's rules: its schema, the task's required observations, or its zone. */
export class HazardEvidenceError extends CitySyncError {
  override name = 'HazardEvidenceError';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(`${issues[0]?.file ?? 'evidence.json'}: ${issues.length === 1 ? '1 problem' : `${issues.length} problems`}; fix the document before completing the task`, {
      details: issues.map(formatIssue).join('\n'),
    });
    this.issues = issues;
  }
}

/** The event is not scheduled, or the module is not installed in this city. */
export class BlightEventStateError extends CitySyncError {
  override name = 'BlightEventStateError';
}

/** The module's contract refused a call (its task policy, its gate's configuration, the coordinator's rights). */
export class BlightMceRevertError extends CitySyncError {
  override name = 'BlightMceRevertError';
  readonly errorName: string | undefined;
  readonly args: readonly unknown[];

  constructor(functionName: string, errorName: string | undefined, args: readonly unknown[], options: CitySyncErrorOptions = {}) {
    super(`${functionName}() reverted with ${errorName ?? 'an unknown error'}(${args.map(String).join(', ')}).`, options);
    this.errorName = errorName;
    this.args = args;
  }
}
