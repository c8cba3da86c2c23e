import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { TarballIntegrityError } from '@citysync/registry';
import type { SchemaValidationError } from '@citysync/schemas';
import { assertEmptyOutput, moveIntoOutput, readSchemaFile } from '@citysync/schemas/node';
import type { Hex } from 'viem';

import { readModuleDirectory } from '@citysync/module-kit';
import { type ForkChange, applyForkParameters } from './applyForkParameters.js';
import { ForkOutputError, type ForkParametersError, ForkTargetError, type PublishedPackageMismatchError } from './forkErrors.js';
import { ModuleVersionNotRecordedError } from './errors.js';
import { type CatalogNetwork, readModuleRecords, unpackRecordedVersion } from './moduleInfo.js';

export type ForkModuleParameters = {
  network: CatalogNetwork;
  /** The published original: must be recorded on the ModuleRegistry. */
  source: { name: string; version: string };
  /** The fork's package name, e.g. `@cdmx/dpan-disaster-prep`. */
  as: string;
  /** The fork parameters document (fork-parameters.schema.json), already read; `undefined`: only rename. */
  params: unknown;
  /** The parameters file as the user named it, for messages. */
  paramsFile?: string | undefined;
  /** Where to write the fork: must not exist, or be empty. */
  out: string;
  /** The fork's first version. Default: the next major of the source (the fork starts its own version line). */
  version?: string | undefined;
};

export type ForkModuleReturnType = {
  /** Absolute path of the fork's package. */
  dir: string;
  name: string;
  version: string;
  /** `name@version` of the original, as dpan.json#/forkedFrom and the chain record will hold it. */
  forkedFrom: string;
  /** Every value the fork parameters changed. */
  changes: ForkChange[];
  /** What the city should know about the original (yanked, unaudited, failed audit); the fork is written anyway. */
  warnings: string[];
  /** The fork's content hash (what `dpan publish` records as its manifest hash). */
  contentHash: Hex;
};

export type ForkModuleErrorType =
  | ForkTargetError
  | ForkOutputError
  | ForkParametersError
  | ModuleVersionNotRecordedError
  | PublishedPackageMismatchError
  | TarballIntegrityError
  | SchemaValidationError;

/**
 * Forks a published module version into a new package a city owns, all or nothing:
 *  1. the original must be recorded on the ModuleRegistry; its tarball is downloaded and its bytes checked against
 *     the CHAIN record's integrity (TarballIntegrityError otherwise), unpacked into a temporary directory and checked
 *     to be the recorded package (name, version, content hash);
 *  2. the fork parameters are applied inside the original's bounds ({@link applyForkParameters});
 *  3. name (package.json, dpan.json, the task catalog's module), version (default: the next major), dpan.json
 *     `forkedFrom`, a CHANGELOG.md entry listing each change and a README note on lineage are written;
 *  4. the result is validated like any module package, and only then moved into `out`.
 * Any failure leaves nothing behind. A yanked original may be forked (lineage is history); the result says so.
 *
 * @example
 * const fork = await forkModule({
 *   network, source: { name: '@berkeley/dpan-disaster-prep', version: '1.0.0' },
 *   as: '@cdmx/dpan-disaster-prep', params: JSON.parse(readFileSync('fork-disaster-prep.json', 'utf8')),
 *   paramsFile: 'fork-disaster-prep.json', out: 'cdmx-disaster-prep',
 * });
 * fork.version // '2.0.0'
 */
export async function forkModule(parameters: ForkModuleParameters): Promise<ForkModuleReturnType> {
  const { network, source, as } = parameters;
  const sourceId = `${source.name}@${source.version}`;
  const out = resolve(parameters.out);
  const version = parameters.version ?? nextMajor(source.version);
  checkTarget(sourceId, source.name, as, version);
  assertEmptyOutput(out, refuseOutput);

  const records = await readModuleRecords(network, source.name);
  const record = records.find((r) => r.version === source.version);
  if (record === undefined) throw new ModuleVersionNotRecordedError(source.name, source.version, records.map((r) => r.version));
  const existing = (await readModuleRecords(network, as)).find((r) => r.version === version);
  if (existing !== undefined) {
    throw new ForkTargetError(`${as}@${version} is already recorded on the ModuleRegistry.`, { details: 'Pass another --version (published versions are immutable).' });
  }

  const scratch = mkdtempSync(join(tmpdir(), 'dpan-fork-'));
  try {
    const dir = join(scratch, 'package');
    const original = await unpackRecordedVersion(network, record, dir);
    const forked = applyForkParameters({
      source: { id: sourceId, manifest: original.manifest, catalog: original.catalog, parameters: original.parameters, offerings: original.offerings },
      params: parameters.params,
      paramsFile: parameters.paramsFile,
    });
    const { files } = original.manifest;
    const changes = forked.changes;

    forked.manifest.name = as;
    forked.manifest.version = version;
    forked.manifest.forkedFrom = sourceId;
    forked.catalog.module = as;
    writeJson(join(dir, 'dpan.json'), forked.manifest);
    writeJson(join(dir, files.taskCatalog), forked.catalog);
    if (changes.some((c) => c.file === files.parameters)) writeJson(join(dir, files.parameters), forked.parameters);
    if (files.offerings !== undefined && changes.some((c) => c.file === files.offerings)) writeJson(join(dir, files.offerings), forked.offerings);

    const packageJsonPath = join(dir, 'package.json');
    const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as Record<string, unknown>;
    packageJson['name'] = as;
    packageJson['version'] = version;
    if (changes.some((c) => c.file === 'dpan.json' && c.pointer === '/description')) packageJson['description'] = forked.manifest.description;
    writeJson(packageJsonPath, packageJson);
    writeChangelog(dir, { name: as, version, sourceId, sourceName: source.name, changes, paramsFile: parameters.paramsFile });
    writeReadme(dir, { name: as, sourceId, sourceName: source.name });

    // Validated like any package before it may appear in `out`.
    const fork = readModuleDirectory(dir);
    moveIntoOutput(dir, out, refuseOutput);

    const live = record.attestations.filter((a) => !a.revoked);
    const warnings: string[] = [];
    if (record.yank !== undefined) warnings.push(`${sourceId} is yanked (${record.yank.reason}): cities cannot install it; check that your fork does not carry the reason it was yanked for.`);
    if (live.some((a) => a.verdict === 'fail')) warnings.push(`${sourceId} holds a failing audit: read the report before you publish the fork.`);
    if (!live.some((a) => a.verdict === 'pass')) warnings.push(`${sourceId} has no passing audit: the bounds you forked inside were never reviewed.`);
    return { dir: out, name: as, version, forkedFrom: sourceId, changes, warnings, contentHash: fork.contentHash };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The next major version: the fork starts a version line of its own (1.4.2 -> 2.0.0). */
function nextMajor(version: string): string {
  const major = /^(\d+)\./.exec(version)?.[1];
  return major === undefined ? version : `${Number(major) + 1}.0.0`;
}

/** The fork's name and version, checked with the same patterns dpan.json's schema uses. */
function checkTarget(sourceId: string, sourceName: string, as: string, version: string): void {
  const defs = readSchemaFile('common.schema.json')['$defs'] as Record<string, { pattern: string; description: string }>;
  const npmName = defs['npmName'];
  const semver = defs['semver'];
  if (npmName !== undefined && !new RegExp(npmName.pattern).test(as)) {
    throw new ForkTargetError(`--as "${as}" is not a package name: use ${npmName.description}.`, { malformed: true });
  }
  if (as === sourceName) {
    throw new ForkTargetError(`--as ${as} is the original's own name: a fork needs a name of its own, e.g. your city's scope.`, {
      details: `To publish a new version of ${sourceId} itself, edit its package and run dpan publish.`,
    });
  }
  if (semver !== undefined && !new RegExp(semver.pattern).test(version)) {
    throw new ForkTargetError(`--version "${version}" is not ${semver.description}.`, { malformed: true });
  }
}


function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** A change as a changelog line: `tasks.json#/taskTypes/1/rate/default: 10 → 12`. */
function changeLine(c: ForkChange): string {
  const show = (v: unknown) => (v === undefined ? '(removed)' : JSON.stringify(v));
  return `- \`${c.file}#${c.pointer}\`: ${show(c.from)} → ${show(c.to)}`;
}

function writeChangelog(
  dir: string,
  fork: { name: string; version: string; sourceId: string; sourceName: string; changes: ForkChange[]; paramsFile: string | undefined },
): void {
  const path = join(dir, 'CHANGELOG.md');
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  // The original's history stays below, under its own name, one heading level down.
  const history = previous.replace(/^# .*\n+/, '').replace(/^(#+) /gm, '#$1 ').trim();
  const from = fork.paramsFile === undefined ? '' : ` with the fork parameters in \`${fork.paramsFile}\``;
  const lines = [
    `# ${fork.name}`,
    '',
    `## ${fork.version}`,
    '',
    `Forked from \`${fork.sourceId}\`${from}, inside the original's audited bounds.`,
    ...(fork.changes.length > 0 ? ['', ...fork.changes.map(changeLine)] : ['', 'No value changed: only the name and the version line.']),
    '',
    `## Before the fork: ${fork.sourceName}`,
    '',
    history === '' ? 'No changelog in the original.' : history,
    '',
  ];
  writeFileSync(path, lines.join('\n'));
}

function writeReadme(dir: string, fork: { name: string; sourceId: string; sourceName: string }): void {
  const path = join(dir, 'README.md');
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : `# ${fork.sourceName}\n`;
  const note = [
    `> **Lineage.** \`${fork.name}\` is a fork of \`${fork.sourceId}\` (\`dpan lineage ${fork.name}\` shows the whole tree).`,
    '> Its parameters, task titles and rates were changed inside the original\'s audited bounds (CHANGELOG.md lists each',
    '> change); its contracts are the original\'s. It is a new package: it needs its own audit before a city whose install',
    '> policy asks for one can install it. The text below is the original\'s.',
  ].join('\n');
  const match = /^# .*\n/.exec(previous);
  const body = match === null ? previous : previous.slice(match[0].length);
  writeFileSync(path, `# ${fork.name}\n\n${note}\n${body.startsWith('\n') ? '' : '\n'}${body}`);
}

const refuseOutput = (out: string, problem: string): Error => new ForkOutputError(out, problem);
