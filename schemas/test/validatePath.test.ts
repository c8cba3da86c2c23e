import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { SchemaValidationError, formatIssue, parseJsonc } from '../src/index.js';
import { loadAndValidate, validatePath, validatePathReport } from '../src/node.js';
import { fixture } from './helpers.js';

const berkeley = new URL('../../examples/berkeley/', import.meta.url).pathname;
const dirs: string[] = [];

function tempDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'citysync-schemas-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function moduleFiles(): Record<string, unknown> {
  return {
    'dpan.json': { ...fixture('manifest'), files: { taskCatalog: 'tasks.json', verificationRules: 'rules/verification.json', parameters: 'parameters.json' } },
    'tasks.json': fixture('task-catalog'),
    'rules/verification.json': fixture('verification-rules'),
    'parameters.json': fixture('governance-parameters'),
    'package.json': { name: '@citysync/dpan-blight-mce', version: '0.1.0' },
  };
}

describe('JSONC', () => {
  it('the Berkeley example (with comments) and its governance file are valid', () => {
    const report = validatePathReport(berkeley);
    expect(report.issues.map(formatIssue)).toEqual([]);
    expect(report.files.map((f) => f.kind)).toEqual(['city', 'governance-parameters']);
    expect(loadAndValidate('city', join(berkeley, 'city.json')).committees[0]?.threshold).toBe(2);
  });

  it('reads comments and trailing commas', () => {
    expect(parseJsonc('{\n  // a comment\n  "a": [1, 2,], /* another */\n}', 'x.json')).toEqual({
      ok: true,
      value: { a: [1, 2] },
    });
  });

  it('reports a syntax error at its line and column', () => {
    const dir = tempDir({ 'city.json': '{\n  // the city\n  "name": "x",\n  "ticker" "BRKY"\n}\n' });
    const file = join(dir, 'city.json');
    expect(validatePath(file).map(formatIssue)).toEqual([`${file}: line 4 col 12: expected ":" after the property name`]);
    expect(() => loadAndValidate('city', file)).toThrow(SchemaValidationError);
    expect(validatePath(dir).map(formatIssue)).toEqual([`${file}: line 4 col 12: expected ":" after the property name`]);
  });
});

describe('validatePath', () => {
  it('a module directory: dpan.json, the files it names, the catalog against the rules', () => {
    const dir = tempDir(moduleFiles());
    const report = validatePathReport(dir);
    expect(report.issues.map(formatIssue)).toEqual([]);
    expect(report.files.map((f) => [f.file.slice(dir.length + 1), f.kind])).toEqual([
      ['dpan.json', 'manifest'],
      ['rules/verification.json', 'verification-rules'],
      ['tasks.json', 'task-catalog'],
      ['parameters.json', 'governance-parameters'],
    ]);
  });

  it('a module directory with a missing file, an unknown rule and a package.json that disagrees', () => {
    const files = moduleFiles();
    const tasks = fixture('task-catalog');
    tasks.taskTypes[0]!.verification = 'photo-check';
    Object.assign(files, {
      'tasks.json': tasks,
      'package.json': { name: '@citysync/dpan-blight-mce', version: '0.2.0' },
    });
    delete files['parameters.json'];
    const dir = tempDir(files);
    expect(validatePath(dir).map(formatIssue)).toEqual([
      `${dir}/dpan.json#/version: "0.1.0" differs from package.json's version; allowed: "0.2.0"`,
      `${dir}/tasks.json#/taskTypes/0/verification: "photo-check" is not a rule in ${dir}/rules/verification.json; allowed: "issuer-photo-check", "two-verifiers"`,
      `${dir}/dpan.json#/files/parameters: "parameters.json" does not exist (looked for ${dir}/parameters.json)`,
    ]);
  });

  it("a city directory: city.json and its parameters file, which must define the health model's keys", () => {
    const city = fixture('city');
    city.committees[0]!.threshold = 5;
    const dir = tempDir({ 'city.json': city, 'governance.json': fixture('governance-parameters') });
    const found = validatePath(dir).map(formatIssue);
    expect(found[0]).toBe(`${dir}/city.json#/committees/0/threshold: 5 is more than the 3 members`);
    expect(found.slice(1)).toHaveLength(10);
    expect(found[1]).toMatch(/governance\.json#\/parameters: missing parameter "health\.\w+\.\w+"/);
  });

  it('a city whose parameters file is missing', () => {
    const dir = tempDir({ 'city.json': fixture('city') });
    expect(validatePath(dir).map(formatIssue)).toEqual([
      `${dir}/city.json#/parameters: "governance.json" does not exist (looked for ${dir}/governance.json)`,
    ]);
  });

  it('any other directory: every *.json whose $schema is ours', () => {
    const evidence = fixture('evidence');
    const dir = tempDir({
      'a.json': evidence,
      'b.json': { ...evidence, location: { lat: 100, lon: 0 } },
      'package.json': { name: 'x' },
      'broken.json': '{ "$schema": "https://schemas.citysync.dev/evidence.schema.json", }}',
      'other.json': '{ not ours',
    });
    const report = validatePathReport(dir);
    expect(report.files.map((f) => f.file.slice(dir.length + 1))).toEqual(['a.json', 'b.json']);
    expect(report.issues.map(formatIssue)).toEqual([
      `${dir}/b.json#/location/lat: 100 is more than the maximum 90; allowed: a number from -90 to 90`,
      `${dir}/broken.json: line 1 col 68: expected the end of the file after the value`,
    ]);
  });

  it('says what it expected when it recognises nothing', () => {
    const dir = tempDir({ 'package.json': { name: 'x' } });
    expect(validatePath(dir).map(formatIssue)).toEqual([
      `${dir}#: has no City/Sync files: expected dpan.json, city.json or *.json files whose "$schema" is https://schemas.citysync.dev/<kind>.schema.json`,
    ]);
    expect(validatePath(join(dir, 'package.json')).map(formatIssue)).toEqual([
      `${dir}/package.json#: is not a City/Sync file; allowed: a "$schema" of https://schemas.citysync.dev/<kind>.schema.json, or the name city.json, dpan.json or governance.json`,
    ]);
    expect(validatePath(join(dir, 'missing.json')).map(formatIssue)).toEqual([`${dir}/missing.json#: does not exist`]);
  });
});
