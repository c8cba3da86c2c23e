import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import {
  type MceRecord,
  type SchemaValidationError,
  type ValidationIssue,
  assertDocument,
  formatIssue,
} from '@citysync/schemas';
import { assertEmptyOutput, moveIntoOutput, readSchemaFile, validatePath } from '@citysync/schemas/node';

import { type GraduationCriteria, loadGraduationCriteria } from './criteria.js';
import { planModule } from './derive.js';
import { GraduationFailedError, ScaffoldOutputError, ScaffoldRecordError, ScaffoldRenderError, ScaffoldTargetError } from './errors.js';
import { type GraduationReport, gradeMceRecord, showCheckValue } from './grade.js';
import { renderPackage } from './render.js';
import { scaffoldView } from './view.js';

export type ScaffoldModuleParameters = {
  /** The MCE record, parsed (e.g. JSON.parse of the file `dpan mce export` wrote); validated here. */
  record: unknown;
  /** The record's file as the user named it: every message points into it (`record.json#/outcomes/retention`). */
  recordFile: string;
  /** The new module's package name, e.g. `@cdmx/dpan-blight-response`. */
  name: string;
  /** Where to write the package: must not exist, or be an empty directory. */
  out: string;
  /** Graduation criteria (loadGraduationCriteria). Default: scaffolder/graduation.json. */
  criteria?: GraduationCriteria | undefined;
  /** Scaffold although criteria fail; the README then opens with the failures. Default false. */
  force?: boolean | undefined;
  /** The package's first version. Default 0.1.0 (its changeset is a minor: the first release). */
  version?: string | undefined;
};

export type ScaffoldModuleReturnType = {
  /** Absolute path of the package written. */
  dir: string;
  name: string;
  version: string;
  /** dpan.json#/forkedFrom: the record's lineage.module (null when the event ran without a module). */
  forkedFrom: string | null;
  /** Every file written, relative to `dir`, sorted. */
  files: string[];
  /** The graduation report the package's README and mce/graduation-report.json hold. */
  report: GraduationReport;
  /** True when criteria failed and `force` wrote the package anyway. */
  forced: boolean;
};

export type ScaffoldModuleErrorType =
  | ScaffoldTargetError
  | ScaffoldOutputError
  | SchemaValidationError
  | ScaffoldRecordError
  | GraduationFailedError
  | ScaffoldRenderError;

/**
 * Renders a complete module package from an MCE record, all or nothing:
 *  1. checks the name, the version and that `out` is new or empty (ScaffoldTargetError, ScaffoldOutputError);
 *  2. validates the record against the MCE-record schema (SchemaValidationError, file#/pointer issues) and that it
 *     fits the generic contracts (ScaffoldRecordError);
 *  3. grades it (gradeMceRecord); a failing criterion refuses with GraduationFailedError unless `force`;
 *  4. renders scaffolder/templates (handlebars) into a temporary directory: package.json, dpan.json (forkedFrom =
 *     the record's lineage.module, taskPolicy, the setup's init bindings), tasks.json, verification.json,
 *     parameters.json and offerings.json (derived by the rules of derive.ts), the generic contracts and their
 *     precompiled artifacts, Foundry and vitest tests, README, CHANGELOG, a changeset and mce/ (the record and
 *     the report); validates it like `dpan validate` (ScaffoldRenderError: a template defect);
 *  5. only then moves it into `out`. Any refusal or failure leaves nothing behind.
 *
 * @example
 * const result = scaffoldModule({
 *   record: JSON.parse(readFileSync('blight.record.json', 'utf8')), recordFile: 'blight.record.json',
 *   name: '@cdmx/dpan-blight-response', out: 'dpan-blight-response',
 * });
 * result.files // ['.changeset/dpan-blight-response-from-mce.md', '.gitignore', 'CHANGELOG.md', ...]
 */
export function scaffoldModule(parameters: ScaffoldModuleParameters): ScaffoldModuleReturnType {
  const { name, recordFile } = parameters;
  const version = parameters.version ?? '0.1.0';
  const out = resolve(parameters.out);
  checkTarget(name, version);
  assertEmptyOutput(out, refuseOutput);

  const record = assertDocument('mce-record', parameters.record, { file: recordFile }) as MceRecord;
  const module = record.lineage.module;
  if (module !== null && module.slice(0, module.lastIndexOf('@')) === name) {
    throw new ScaffoldTargetError(`--name ${name} is the name of the module the MCE ran (${module}): a scaffolded module needs a name of its own.`);
  }
  const plan = planModule(record, recordFile);
  const report = gradeMceRecord(record, parameters.criteria ?? loadGraduationCriteria());
  const force = parameters.force === true;
  if (!report.pass && !force) throw new GraduationFailedError(recordFile, report, graduationIssues(report, recordFile));

  const view = scaffoldView({ record, plan, report, name, version, forced: !report.pass });
  const files = renderPackage({
    view,
    changesetSlug: view.changesetSlug,
    skip: plan.offerings.length === 0 ? ['offerings.json.hbs'] : [],
  });
  for (const file of files) {
    if (!file.rendered || !file.path.endsWith('.json')) continue;
    try {
      JSON.parse(String(file.content));
    } catch (error) {
      throw new ScaffoldRenderError(`${file.path} rendered as invalid JSON`, { cause: error });
    }
  }

  const scratch = mkdtempSync(join(tmpdir(), 'dpan-scaffold-'));
  try {
    const dir = join(scratch, 'package');
    for (const file of files) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.content);
    }
    const issues = validatePath(dir);
    if (issues.length > 0) {
      throw new ScaffoldRenderError('the rendered package fails dpan validate', {
        details: issues.map((issue) => formatIssue({ ...issue, file: issue.file.replace(dir, '<package>') })).join('\n'),
      });
    }
    moveIntoOutput(dir, out, refuseOutput);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { dir: out, name, version, forkedFrom: module, files: files.map((f) => f.path), report, forced: !report.pass };
}

/** Each failing check of the report, at its place in the record. */
export function graduationIssues(report: GraduationReport, recordFile: string): ValidationIssue[] {
  return report.criteria.flatMap((criterion) =>
    criterion.checks
      .filter((check) => !check.pass)
      .map((check) => ({
        file: recordFile,
        pointer: check.pointer,
        message: `${criterion.id}: ${check.measure} is ${showCheckValue(check, check.value)}, ${check.bound === 'min' ? 'below' : 'above'} the threshold ${showCheckValue(check, check.threshold)} (${check.parameter})`,
        value: check.value,
        allowed: `${check.bound === 'min' ? 'at least' : 'at most'} ${showCheckValue(check, check.threshold)}`,
      })),
  );
}

/** The name and version, checked with the patterns dpan.json's schema uses. */
function checkTarget(name: string, version: string): void {
  const defs = readSchemaFile('common.schema.json')['$defs'] as Record<string, { pattern: string; description: string }>;
  const npmName = defs['npmName'];
  const semver = defs['semver'];
  if (npmName !== undefined && !new RegExp(npmName.pattern).test(name)) {
    throw new ScaffoldTargetError(`--name "${name}" is not a package name: use ${npmName.description}.`, { malformed: true });
  }
  if (semver !== undefined && !new RegExp(semver.pattern).test(version)) {
    throw new ScaffoldTargetError(`version "${version}" is not ${semver.description}.`, { malformed: true });
  }
}

const refuseOutput = (out: string, problem: string): Error => new ScaffoldOutputError(out, problem);
