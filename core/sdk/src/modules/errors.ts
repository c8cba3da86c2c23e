import type { Hex } from 'viem';

import { CitySyncError, type CitySyncErrorOptions } from '../errors/base.js';

// Reading a module package and resolving its parameters happen in the module kit, whose errors these are.
export { ModuleNotFoundError, ModulePackageError, ModuleParameterError } from '@citysync/module-kit/browser';

/** The module cannot be installed into this city as it stands (checked before any transaction is sent). */
export class ModuleIncompatibleError extends CitySyncError {
  override name = 'ModuleIncompatibleError';

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}

/** The module's setup contract reverted while the kernel prepared the install; decoded with the module's ABIs. */
export class ModuleSetupRevertError extends CitySyncError {
  override name = 'ModuleSetupRevertError';
  readonly errorName: string | undefined;
  readonly args: readonly unknown[];
  readonly data: Hex;

  constructor(errorName: string | undefined, args: readonly unknown[], data: Hex, cause: unknown) {
    super(
      errorName === undefined
        ? `The module's setup reverted with unknown data ${data.slice(0, 10)}.`
        : `The module's setup refused the install: ${errorName}(${args.map(String).join(', ')}).`,
      {
        details: "Check the module's files against the city's bounds (dpan validate) and the setup's errors in its README.",
        cause,
      },
    );
    this.errorName = errorName;
    this.args = args;
    this.data = data;
  }
}

/** The module is installed but a later configuration step failed: what is done and what remains. */
export class ModuleInstallIncompleteError extends CitySyncError {
  override name = 'ModuleInstallIncompleteError';
  readonly done: readonly string[];
  readonly remaining: readonly string[];

  constructor(done: readonly string[], remaining: readonly string[], cause: unknown) {
    super(`The module is installed, but its configuration stopped at: ${remaining[0] ?? 'unknown step'}.`, {
      details:
        `Why: ${causeMessage(cause)}\nDone: ${done.join('; ')}.\nRemaining: ${remaining.join('; ')}.\n` +
        'Run the remaining committee decisions with `dpan committee propose ...`, or uninstall the module through the kernel.',
      cause,
    });
    this.done = done;
    this.remaining = remaining;
  }
}

function causeMessage(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  return (cause as Error & { shortMessage?: string }).shortMessage ?? cause.message;
}
