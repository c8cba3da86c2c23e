import { CitySyncError, type CitySyncErrorOptions, type ValidationIssue, formatIssue } from '@citysync/schemas';

import type { GraduationReport } from './grade.js';

/**
 * The MCE record does not graduate: at least one criterion failed. `report` is the whole graduation report;
 * `issues` names each failing check at its place in the record (`record.json#/outcomes/retention: ...`). Nothing
 * was written; `--force` (scaffoldModule's `force`) scaffolds anyway and writes the failures into the README.
 */
export class GraduationFailedError extends CitySyncError {
  override name = 'GraduationFailedError';
  readonly report: GraduationReport;
  readonly issues: readonly ValidationIssue[];

  constructor(recordFile: string, report: GraduationReport, issues: readonly ValidationIssue[]) {
    const failed = report.criteria.filter((c) => !c.pass).map((c) => c.id);
    super(
      `${recordFile}: the MCE does not graduate (${failed.join(', ')} failed); nothing was written. Improve the event, or pass --force to scaffold anyway with the failures written into the README.`,
      { details: issues.map(formatIssue).join('\n') },
    );
    this.report = report;
    this.issues = issues;
  }
}

/** The output directory exists and is not empty (or is a file): a scaffold never writes over files. */
export class ScaffoldOutputError extends CitySyncError {
  override name = 'ScaffoldOutputError';
  readonly out: string;

  constructor(out: string, problem: string) {
    super(`${out} ${problem}: a module is scaffolded only into a new or empty directory; nothing was written.`, {
      details: 'Pass another --out, or empty that directory first.',
    });
    this.out = out;
  }
}

/** The package name or version cannot be used (malformed, or the name of the module the MCE ran). */
export class ScaffoldTargetError extends CitySyncError {
  override name = 'ScaffoldTargetError';
  /** The value is malformed (not a package name or version): a usage error on the command line. */
  readonly malformed: boolean;

  constructor(shortMessage: string, options: CitySyncErrorOptions & { malformed?: boolean | undefined } = {}) {
    super(shortMessage, options);
    this.malformed = options.malformed === true;
  }
}

/**
 * The record is valid but cannot become a module on the generic contracts (e.g. more task types than the policy
 * lists, a rule asking more verifiers than the task board allows). `issues` says where; nothing was written.
 */
export class ScaffoldRecordError extends CitySyncError {
  override name = 'ScaffoldRecordError';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`${[...new Set(issues.map((i) => i.file))].join(', ')}: ${count} for a scaffolded module; nothing was written.`, {
      details: issues.map(formatIssue).join('\n'),
    });
    this.issues = issues;
  }
}

/**
 * The rendered package failed `dpan validate` or a rendered JSON file did not parse: a defect of a template, not of
 * the record. Nothing was written.
 */
export class ScaffoldRenderError extends CitySyncError {
  override name = 'ScaffoldRenderError';

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(`${shortMessage}; nothing was written. This is a defect of the scaffolder's templates: please report it.`, options);
  }
}
