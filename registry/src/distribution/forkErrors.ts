import { type ValidationIssue, formatIssue } from '@citysync/schemas';

import { CitySyncError, type CitySyncErrorOptions } from '@citysync/sdk';

/**
 * The fork parameters file is malformed, names a key, task type or offering the original does not have, or puts a
 * value outside the original version's bounds. `issues` lists every problem as `file#/pointer: message`; nothing
 * was written.
 */
export class ForkParametersError extends CitySyncError {
  override name = 'ForkParametersError';
  readonly issues: readonly ValidationIssue[];

  constructor(file: string, source: string, issues: readonly ValidationIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`${file}: ${count} against the original ${source}; nothing was written. Fix ${issues.length === 1 ? 'it' : 'them'} and fork again.`, {
      details: issues.map(formatIssue).join('\n'),
    });
    this.issues = issues;
  }
}

/** The fork's name or version cannot be used (`--as`, `--version`): malformed, the source's own, or already recorded. */
export class ForkTargetError extends CitySyncError {
  override name = 'ForkTargetError';
  /** The value is malformed (not a package name, not a semantic version): a usage error on the command line. */
  readonly malformed: boolean;

  constructor(shortMessage: string, options: CitySyncErrorOptions & { malformed?: boolean | undefined } = {}) {
    super(shortMessage, options);
    this.malformed = options.malformed === true;
  }
}

/** The output directory (`--out`) exists and is not empty: a fork never writes over files. */
export class ForkOutputError extends CitySyncError {
  override name = 'ForkOutputError';
  readonly out: string;

  constructor(out: string, problem: string) {
    super(`${out} ${problem}: a fork is written only into a new or empty directory; nothing was written.`, {
      details: 'Pass another --out, or empty that directory first.',
    });
    this.out = out;
  }
}


/** The registry network does not know the name (`why` says where it looked). */
export class UnknownModuleError extends CitySyncError {
  override name = 'UnknownModuleError';

  constructor(name: string, why: string) {
    super(`No module ${name}: ${why}.`, {
      details: 'Check the name (with its @scope), or find it with `dpan search <text>`.',
    });
  }
}

/** A published package does not hold what its chain record says (another name or version, another content hash). */
export class PublishedPackageMismatchError extends CitySyncError {
  override name = 'PublishedPackageMismatchError';

  constructor(id: string, problem: string) {
    super(`${id}: ${problem}`, {
      details: 'The package is not the one that was recorded and audited: do not fork or install it; tell the registry council.',
    });
  }
}
