import { CitySyncError, type CitySyncErrorOptions } from '@citysync/schemas';

/** A malformed option of `dpan mce` (exit code 2, like dpan's own usage errors). */
export class MceUsageError extends CitySyncError {
  override name = 'MceUsageError';

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}

/** The city has not installed the blight module these commands belong to. */
export class MceNotInstalledError extends CitySyncError {
  override name = 'MceNotInstalledError';
  readonly module: string;

  constructor(module: string, packageDir: string) {
    super(`${module} is not installed in this city.`, {
      details: `Install it first: dpan module install ${packageDir} (or dpan install ${module} from a registry).`,
    });
    this.module = module;
  }
}
