// `dpan scaffold`, the command this package contributes to dpan (dpan-commands.js declares it): a command
// definition dpan runs, returning data and never printing.
import { type ReadModuleDirectoryReturnType, readModuleDirectory } from '@citysync/module-kit';
import { SchemaValidationError, assertDocument } from '@citysync/schemas';
import { readDocument } from '@citysync/schemas/node';

import { loadGraduationCriteria } from '../criteria.js';
import { ScaffoldTargetError } from '../errors.js';
import { formatGraduationReport } from '../formatReport.js';
import { type GraduationReport, gradeMceRecord } from '../grade.js';
import { type ScaffoldModuleReturnType, scaffoldModule } from '../scaffoldModule.js';
import { ScaffoldUsageError } from './errors.js';

export type ScaffoldOptions = {
  fromMce: string;
  report?: boolean | undefined;
  criteria?: string | undefined;
  name?: string | undefined;
  out?: string | undefined;
  force?: boolean | undefined;
  json?: boolean | undefined;
};

/** The graduation report, with the files it was read from. */
export type ScaffoldReportResult = GraduationReport & { recordFile: string; criteriaFile: string };

export type ScaffoldResult = ScaffoldModuleReturnType & {
  /** The package's content hash (what `dpan publish` records and the kernel installs). */
  contentHash: ReadModuleDirectoryReturnType['contentHash'];
};

/** The record, parsed (a syntax error or a missing file is a file#/pointer issue like any other). */
function readRecord(file: string): unknown {
  const read = readDocument(file);
  if (!read.ok) throw new SchemaValidationError([read.issue]);
  return read.value;
}

/** `--report`: the graduation report (the command exits 1 when a criterion fails). */
function report(options: ScaffoldOptions): ScaffoldReportResult {
  const criteria = loadGraduationCriteria(options.criteria);
  const record = assertDocument('mce-record', readRecord(options.fromMce), { file: options.fromMce });
  return { ...gradeMceRecord(record, criteria), recordFile: options.fromMce, criteriaFile: criteria.file };
}

/** `--name`: the module package rendered from the record. */
function render(options: ScaffoldOptions): ScaffoldResult {
  if (options.name === undefined) {
    throw new ScaffoldUsageError('--name <@scope/name> is required to scaffold a module (or pass --report for the graduation report alone).');
  }
  const criteria = loadGraduationCriteria(options.criteria);
  try {
    const result = scaffoldModule({
      record: readRecord(options.fromMce),
      recordFile: options.fromMce,
      name: options.name,
      out: options.out ?? options.name.replace(/^@[^/]+\//, ''),
      criteria,
      force: options.force,
    });
    return { ...result, contentHash: readModuleDirectory(result.dir).contentHash };
  } catch (error) {
    if (error instanceof ScaffoldTargetError && error.malformed) throw new ScaffoldUsageError(error.shortMessage, { cause: error });
    throw error;
  }
}

const isScaffold = (r: ScaffoldReportResult | ScaffoldResult): r is ScaffoldResult => 'dir' in r;

function renderScaffold(r: ScaffoldResult): string {
  const failed = r.report.criteria.filter((c) => !c.pass);
  return [
    `scaffolded ${r.name}@${r.version} in ${r.dir} (${r.files.length} files), forked from ${r.forkedFrom ?? 'no module (the event ran without one)'}`,
    r.forced
      ? `warning: --force: ${failed.map((c) => c.id).join(', ')} failed; the README says why`
      : `graduation: ${r.report.criteria.length} of ${r.report.criteria.length} criteria pass`,
    `content hash ${r.contentHash}`,
    `next: review ${r.dir}; cd ${r.dir} && forge build && forge test && npx vitest run; then dpan publish ${r.dir} --token <token>`,
  ].join('\n');
}

function renderReport(r: ScaffoldReportResult): string {
  return [formatGraduationReport(r, r.recordFile), ...(r.pass ? [] : ['next: --force scaffolds anyway, with the failures written into the README'])].join('\n');
}

/**
 * `dpan scaffold --from-mce <record.json> [--report] [--criteria <file>] [--name <@scope/name>] [--out <dir>]
 * [--force]`: with --report, scores the MCE record against the graduation criteria (exit 0 when every criterion
 * passes, else 1); otherwise renders a module package from it (refused, with nothing written, for an invalid record,
 * failing criteria without --force, or a non-empty --out).
 */
export const scaffold = {
  run: async (options: ScaffoldOptions): Promise<ScaffoldReportResult | ScaffoldResult> =>
    options.report === true ? report(options) : render(options),
  render: (r: ScaffoldReportResult | ScaffoldResult): string => (isScaffold(r) ? renderScaffold(r) : renderReport(r)),
  failed: (r: ScaffoldReportResult | ScaffoldResult): boolean => !isScaffold(r) && !r.pass,
  usageErrors: [ScaffoldUsageError],
};
