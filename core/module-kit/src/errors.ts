import { CitySyncError, type CitySyncErrorOptions } from '@citysync/schemas';

/** The directory has no dpan.json: it is not a module package. */
export class ModuleNotFoundError extends CitySyncError {
  override name = 'ModuleNotFoundError';
  readonly dir: string;

  constructor(dir: string) {
    super(`No dpan.json in ${dir}: not a module package.`, {
      details: 'Point at the module\'s directory (e.g. modules/general-economy), the one holding dpan.json.',
    });
    this.dir = dir;
  }
}

/** A file of the module package is missing or malformed outside what the schemas check (artifacts, init). */
export class ModulePackageError extends CitySyncError {
  override name = 'ModulePackageError';
  /** `file#/pointer` of the offending value. */
  readonly location: string;

  constructor(location: string, problem: string, options: CitySyncErrorOptions = {}) {
    super(`${location}: ${problem}`, options);
    this.location = location;
  }
}

/** A parameter override is unknown, not a number, or outside the parameter's bounds. */
export class ModuleParameterError extends CitySyncError {
  override name = 'ModuleParameterError';
  readonly key: string;
  /** `parameters.json#/parameters/<key>`. */
  readonly location: string;

  constructor(location: string, key: string, problem: string, options: CitySyncErrorOptions = {}) {
    super(`${location}: ${problem}`, options);
    this.location = location;
    this.key = key;
  }
}

/** forge's output has no artifact for a contract of the module: the module was not built, or not into that folder. */
export class ModuleBuildNotFoundError extends CitySyncError {
  override name = 'ModuleBuildNotFoundError';
  /** The forge artifact looked for: `<out>/<File>.sol/<Contract>.json`. */
  readonly path: string;

  constructor(path: string) {
    super(`${path} not found: the module is not built there.`, {
      details:
        "Build first: `dpan-forge build` in the package (its output goes to out/), or pass --out with forge's output " +
        'folder (in the City/Sync monorepo, `FOUNDRY_PROFILE=modules forge build` writes cache/modules/out).',
    });
    this.path = path;
  }
}
