import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import type { DpanManifest, VerificationRules } from '../generated/types.js';
import { type ValidationIssue, issueAt, showValue } from '../issues.js';
import { type SchemaKind, kindOfSchemaId, schemaBaseUrl } from '../kinds.js';
import { type ValidateDocumentOptions, validateDocument } from '../validate.js';
import { readDocument } from './readDocument.js';

/** A file `validatePath` recognised and validated. */
export type ValidatedFile = { file: string; kind: SchemaKind };

export type ValidatePathReportReturnType = {
  /** Every file validated, in the order it was validated. */
  files: ValidatedFile[];
  /** Every issue found; empty when all files are valid. */
  issues: ValidationIssue[];
};

/** Kinds recognised by file name alone (the names the shared city and module layouts use). */
const kindsByFileName: Readonly<Record<string, SchemaKind>> = {
  'city.json': 'city',
  'dpan.json': 'manifest',
  'governance.json': 'governance-parameters',
};

const manifestFiles = [
  ['verificationRules', 'verification-rules'],
  ['taskCatalog', 'task-catalog'],
  ['parameters', 'governance-parameters'],
  ['offerings', 'redemption-offerings'],
] as const satisfies readonly (readonly [keyof DpanManifest['files'], SchemaKind])[];

/**
 * Validates a file or a directory and returns every issue found (empty: all valid).
 *
 * A file's kind comes from its `$schema` (one of ours) or its name (city.json, dpan.json, governance.json).
 * In a directory: dpan.json and the files its `files` names (which must exist; the task catalog is checked
 * against the verification rules), city.json and its parameters file (which must define every key the health
 * model reads), and every other top-level *.json whose `$schema` is one of ours.
 *
 * @example
 * validatePath('examples/berkeley').map(formatIssue)
 */
export function validatePath(fileOrDir: string): ValidationIssue[] {
  return validatePathReport(fileOrDir).issues;
}

/** {@link validatePath}, also listing the files it recognised and validated. */
export function validatePathReport(fileOrDir: string): ValidatePathReportReturnType {
  const run = new Run();
  let isDirectory: boolean;
  try {
    isDirectory = statSync(fileOrDir).isDirectory();
  } catch {
    return { files: [], issues: [issueAt(fileOrDir, '', 'does not exist')] };
  }
  if (isDirectory) run.directory(fileOrDir);
  else run.file(fileOrDir);
  return { files: run.files, issues: run.issues };
}

/** One validation run: each file is validated once, whichever way it was reached. */
class Run {
  readonly files: ValidatedFile[] = [];
  readonly issues: ValidationIssue[] = [];
  private readonly done = new Map<string, { value: unknown; valid: boolean } | undefined>();

  directory(dir: string): void {
    const manifestPath = join(dir, 'dpan.json');
    const cityPath = join(dir, 'city.json');
    if (existsSync(manifestPath)) this.manifest(manifestPath);
    if (existsSync(cityPath)) this.city(cityPath);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const path = join(dir, name);
      if (this.done.has(path) || !statSync(path).isFile()) continue;
      const read = readDocument(path);
      if (!read.ok) {
        // Any *.json may sit here (package.json, tsconfig.json); a broken one is ours if it names our schemas.
        if (readFileSync(path, 'utf8').includes(`${schemaBaseUrl}/`)) this.issues.push(read.issue);
        continue;
      }
      const kind = declaredKind(read.value);
      if (kind !== undefined) this.validate(path, kind, read.value);
    }
    if (this.files.length === 0 && this.issues.length === 0) {
      this.issues.push(
        issueAt(
          dir,
          '',
          `has no City/Sync files: expected dpan.json, city.json or *.json files whose "$schema" is ${schemaBaseUrl}/<kind>.schema.json`,
        ),
      );
    }
  }

  file(path: string): void {
    const read = readDocument(path);
    if (!read.ok) {
      this.issues.push(read.issue);
      return;
    }
    const kind = declaredKind(read.value) ?? kindsByFileName[basename(path)];
    if (kind === undefined) {
      this.issues.push(
        issueAt(path, '', 'is not a City/Sync file', {
          allowed: `a "$schema" of ${schemaBaseUrl}/<kind>.schema.json, or the name city.json, dpan.json or governance.json`,
        }),
      );
      return;
    }
    this.validate(path, kind, read.value);
  }

  // A city or manifest with problems of its own still names its other files: check those too, so one run
  // reports everything. Only the references are read from it, and only when they are strings.
  private city(path: string): void {
    const city = this.load(path, 'city');
    const parameters = property(city?.value, 'parameters');
    if (typeof parameters !== 'string') return;
    const parametersPath = join(dirname(path), parameters);
    if (this.exists(path, '/parameters', parameters, parametersPath)) {
      this.load(parametersPath, 'governance-parameters', { cityParameters: true });
    }
  }

  private manifest(path: string): void {
    const manifest = this.load(path, 'manifest');
    if (manifest === undefined) return;
    const dir = dirname(path);
    if (manifest.valid) this.packageJsonAgrees(path, manifest.value as DpanManifest, join(dir, 'package.json'));
    const files = property(manifest.value, 'files');
    let rules: { file: string; document: VerificationRules } | undefined;
    for (const [field, kind] of manifestFiles) {
      const relative = property(files, field);
      if (typeof relative !== 'string') continue;
      const target = join(dir, relative);
      if (!this.exists(path, `/files/${field}`, relative, target)) continue;
      const options: ValidateDocumentOptions =
        kind === 'task-catalog' && rules !== undefined
          ? { verificationRules: rules.document, verificationRulesFile: rules.file }
          : {};
      const loaded = this.load(target, kind, options);
      if (loaded?.valid !== true) continue;
      if (kind === 'verification-rules') rules = { file: target, document: loaded.value as VerificationRules };
      const name = property(manifest.value, 'name');
      const module = property(loaded.value, 'module');
      if (kind === 'task-catalog' && typeof name === 'string' && module !== name) {
        this.issues.push(
          issueAt(target, '/module', `${showValue(module)} is not the module's name`, {
            value: module,
            allowed: JSON.stringify(name),
          }),
        );
      }
    }
  }

  /** A manifest names the package it ships in: its package.json must agree on name and version. */
  private packageJsonAgrees(manifestPath: string, manifest: DpanManifest, packagePath: string): void {
    if (!existsSync(packagePath)) return;
    const read = readDocument(packagePath);
    if (!read.ok || typeof read.value !== 'object' || read.value === null) return;
    const pkg = read.value as { name?: unknown; version?: unknown };
    for (const field of ['name', 'version'] as const) {
      if (pkg[field] !== manifest[field]) {
        this.issues.push(
          issueAt(manifestPath, `/${field}`, `${showValue(manifest[field])} differs from package.json's ${field}`, {
            value: manifest[field],
            allowed: showValue(pkg[field]),
          }),
        );
      }
    }
  }

  private exists(from: string, pointer: string, relative: string, target: string): boolean {
    if (existsSync(target)) return true;
    this.issues.push(issueAt(from, pointer, `${showValue(relative)} does not exist (looked for ${target})`, { value: relative }));
    return false;
  }

  /** Validates a file once per run; `undefined` when it cannot be read or parsed. */
  private load(
    path: string,
    kind: SchemaKind,
    options: Omit<ValidateDocumentOptions, 'file'> = {},
  ): { value: unknown; valid: boolean } | undefined {
    const cached = this.done.get(path);
    if (cached !== undefined || this.done.has(path)) return cached;
    const read = readDocument(path);
    if (!read.ok) {
      this.done.set(path, undefined);
      this.issues.push(read.issue);
      return undefined;
    }
    return { value: read.value, valid: this.validate(path, kind, read.value, options) };
  }

  private validate(path: string, kind: SchemaKind, value: unknown, options: ValidateDocumentOptions = {}): boolean {
    const found = validateDocument(kind, value, { ...options, file: path });
    this.done.set(path, { value, valid: found.length === 0 });
    this.files.push({ file: path, kind });
    this.issues.push(...found);
    return found.length === 0;
  }
}

function property(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function declaredKind(value: unknown): SchemaKind | undefined {
  const id = property(value, '$schema');
  return typeof id === 'string' ? kindOfSchemaId(id) : undefined;
}
