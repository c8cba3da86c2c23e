import {
  type DpanManifest,
  type ForkParameters,
  type GovernanceParameters,
  type RedemptionOfferings,
  type TaskCatalog,
  type ValidationIssue,
  defaultFileNames,
  validateDocument,
} from '@citysync/schemas';

import { ForkParametersError } from './forkErrors.js';

/** The original version's files a fork may change, as its package holds them. */
export type ForkSource = {
  /** `name@version` of the original, for messages. */
  id: string;
  manifest: DpanManifest;
  catalog: TaskCatalog;
  parameters: GovernanceParameters;
  offerings: RedemptionOfferings | undefined;
};

/** One value the fork changed: where (the fork's file and JSON pointer), from what, to what (`undefined`: removed). */
export type ForkChange = { file: string; pointer: string; from: unknown; to: unknown };

export type ApplyForkParametersParameters = {
  source: ForkSource;
  /** The fork parameters document, already parsed (fork-parameters.schema.json); `undefined`: change nothing. */
  params: unknown;
  /** The parameters file as the user named it, for messages. Default: fork-parameters.json. */
  paramsFile?: string | undefined;
};

export type ApplyForkParametersReturnType = {
  manifest: DpanManifest;
  catalog: TaskCatalog;
  parameters: GovernanceParameters;
  offerings: RedemptionOfferings | undefined;
  /** Every value changed, in the order the files are written. */
  changes: ForkChange[];
};

export type ApplyForkParametersErrorType = ForkParametersError;

type Bounds = { min: number; max: number };
type Narrowing = { default?: number | undefined; min?: number | undefined; max?: number | undefined };

/**
 * Applies fork parameters to copies of the original's files. Pure: reads nothing, writes nothing.
 *
 * Bounds may only narrow: each new default, min and max must lie inside the ORIGINAL's [min, max] (its parameters
 * file per key, its task catalog's rate per type), and every key, task type and offering must exist in the original.
 * Throws {@link ForkParametersError} listing every problem as `<paramsFile>#/pointer: message` (with the original's
 * bounds and the fix), e.g. `fork.json#/taskTypes/go-bag-check/rate/default: 120 is outside the original's bounds
 * [5, 20]; choose a value from 5 to 20`.
 *
 * @example
 * const forked = applyForkParameters({ source, params: { taskTypes: { 'go-bag-check': { rate: { default: 12 } } } } });
 * forked.changes // [{ file: 'tasks.json', pointer: '/taskTypes/1/rate/default', from: 10, to: 12 }]
 */
export function applyForkParameters(parameters: ApplyForkParametersParameters): ApplyForkParametersReturnType {
  const { source } = parameters;
  const file = parameters.paramsFile ?? defaultFileNames['fork-parameters'];
  const forked = {
    manifest: structuredClone(source.manifest),
    catalog: structuredClone(source.catalog),
    parameters: structuredClone(source.parameters),
    offerings: source.offerings === undefined ? undefined : structuredClone(source.offerings),
  };
  if (parameters.params === undefined) return { ...forked, changes: [] };

  // The file's own shape and what it alone can decide (schemas package), then everything against the original.
  const schemaIssues = validateDocument('fork-parameters', parameters.params, { file });
  if (schemaIssues.length > 0) throw new ForkParametersError(file, source.id, schemaIssues);
  const params = parameters.params as ForkParameters;
  const issues: ValidationIssue[] = [];
  const issue = (pointer: string, message: string, value: unknown) => issues.push({ file, pointer, message, value });

  const files = source.manifest.files;
  const changes: ForkChange[] = [];
  const change = (target: string, pointer: string, from: unknown, to: unknown) => {
    if (from !== to) changes.push({ file: target, pointer, from, to });
  };

  if (params.description !== undefined) {
    change('dpan.json', '/description', forked.manifest.description, params.description);
    forked.manifest.description = params.description;
  }

  const defined = forked.parameters.parameters;
  for (const [key, wanted] of Object.entries(params.parameters ?? {})) {
    const at = pointer('parameters', key);
    const original = defined[key];
    if (original === undefined) {
      issue(at, `"${key}" is not a parameter of ${source.id}; choose one of ${Object.keys(defined).join(', ')}`, key);
      continue;
    }
    const kept = original.value ?? original.default;
    if (!narrows(issue, at, wanted, original, kept, original.value !== undefined ? 'value' : 'default')) continue;
    const target = pointer('parameters', key);
    for (const field of ['min', 'max', 'default'] as const) {
      const value = wanted[field];
      if (value === undefined) continue;
      change(files.parameters, `${target}/${field}`, original[field], value);
      original[field] = value;
    }
    // A new default is the fork's choice: an original `value` would override it at install.
    if (wanted.default !== undefined && original.value !== undefined) {
      change(files.parameters, `${target}/value`, original.value, undefined);
      delete original.value;
    }
    if (wanted.description !== undefined) {
      change(files.parameters, `${target}/description`, original.description, wanted.description);
      original.description = wanted.description;
    }
  }

  const taskTypes = forked.catalog.taskTypes;
  for (const [id, wanted] of Object.entries(params.taskTypes ?? {})) {
    const at = pointer('taskTypes', id);
    const index = taskTypes.findIndex((t) => t.id === id);
    const original = taskTypes[index];
    if (original === undefined) {
      issue(at, `"${id}" is not a task type of ${source.id}; choose one of ${taskTypes.map((t) => t.id).join(', ')}`, id);
      continue;
    }
    const target = pointer('taskTypes', index);
    if (wanted.rate !== undefined && narrows(issue, `${at}/rate`, wanted.rate, original.rate, original.rate.default, 'rate.default')) {
      for (const field of ['min', 'max', 'default'] as const) {
        const value = wanted.rate[field];
        if (value === undefined) continue;
        change(files.taskCatalog, `${target}/rate/${field}`, original.rate[field], value);
        original.rate[field] = value;
      }
    }
    for (const field of ['title', 'description'] as const) {
      const value = wanted[field];
      if (value === undefined) continue;
      change(files.taskCatalog, `${target}/${field}`, original[field], value);
      original[field] = value;
    }
  }

  const offerings = forked.offerings?.offerings ?? [];
  for (const [id, wanted] of Object.entries(params.offerings ?? {})) {
    const at = pointer('offerings', id);
    const matches = offerings.map((o, i) => [o, i] as const).filter(([o]) => o.id === id);
    if (matches.length === 0) {
      const known = offerings.map((o) => o.id);
      issue(at, `"${id}" is not an offering of ${source.id}; ${known.length > 0 ? `choose one of ${[...new Set(known)].join(', ')}` : 'it has no offerings file'}`, id);
      continue;
    }
    for (const [offering, i] of matches) {
      change(files.offerings ?? defaultFileNames['redemption-offerings'], `${pointer('offerings', i)}/title`, offering.title, wanted.title);
      offering.title = wanted.title;
    }
  }

  if (issues.length > 0) throw new ForkParametersError(file, source.id, issues);
  return { ...forked, changes };
}

/**
 * Whether `wanted` only narrows `original`: each given value inside the original's [min, max], and the value the fork
 * keeps (its new default, else the original's) inside the fork's resulting bounds. Reports what does not.
 */
function narrows(
  issue: (pointer: string, message: string, value: unknown) => void,
  at: string,
  wanted: Narrowing,
  original: Bounds,
  kept: number,
  keptName: string,
): boolean {
  let ok = true;
  for (const field of ['default', 'min', 'max'] as const) {
    const value = wanted[field];
    if (value === undefined || (value >= original.min && value <= original.max)) continue;
    issue(`${at}/${field}`, `${value} is outside the original's bounds [${original.min}, ${original.max}]; choose a value from ${original.min} to ${original.max}`, value);
    ok = false;
  }
  if (!ok || wanted.default !== undefined) return ok;
  // Narrowed bounds without a new default must still hold the original's default (the schema checked the rest).
  const min = wanted.min ?? original.min;
  const max = wanted.max ?? original.max;
  if (kept < min || kept > max) {
    const field = kept < min ? 'min' : 'max';
    issue(
      `${at}/${field}`,
      `${wanted[field]} leaves out the original's ${keptName} ${kept} that the fork keeps; set ${at}/default to a value from ${min} to ${max} as well`,
      wanted[field],
    );
    return false;
  }
  return true;
}

/** A JSON pointer from tokens (RFC 6901: `~` and `/` escaped), e.g. `/parameters/budget.perPeriod`. */
function pointer(...tokens: (string | number)[]): string {
  return tokens.map((token) => `/${String(token).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
