// The `dpan` binary without a chain: help, usage errors (exit 2), validation failures (exit 1), city init.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { dpan } from '../../../test/utils/dpan.js';

const commands = [
  [],
  ['validate'],
  ['city'],
  ['city', 'init'],
  ['city', 'deploy'],
  ['chain'],
  ['chain', 'start'],
  ['chain', 'stop'],
  ['chain', 'status'],
  ['org'],
  ['org', 'accredit'],
  ['task'],
  ['task', 'publish'],
  ['task', 'claim'],
  ['task', 'complete'],
  ['task', 'verify'],
  ['task', 'reject'],
  ['offer'],
  ['offer', 'create'],
  ['redeem'],
  ['committee'],
  ['committee', 'propose'],
  ['committee', 'approve'],
  ['committee', 'execute'],
  ['committee', 'cancel'],
  ['index'],
  ['health'],
  ['simulate'],
  ['module'],
  ['module', 'install'],
  ['registry'],
  ['registry', 'start'],
  ['registry', 'stop'],
  ['registry', 'status'],
  ['registry', 'adduser'],
  ['registry', 'auditor'],
  ['publish'],
  ['audit'],
  ['yank'],
  ['fork'],
  ['search'],
  ['info'],
  ['lineage'],
  ['install'],
  ['update'],
  ['uninstall'],
  ['pending'],
  ['approve'],
  ['apply'],
  ['status'],
  ['audit-installed'],
  ['dashboard'],
  ['serve'],
  ['vault'],
  ['vault', 'deposit'],
  ['vault', 'harvest'],
  ['vault', 'claim'],
  ['vault', 'split'],
  ['vault', 'status'],
  ['vault', 'statement'],
  ['vault', 'accrue'],
  ['chain', 'genesis'],
  // Contributed by packages installed beside dpan in this repository (their package.json "dpan" field).
  ['mce'],
  ['mce', 'zones'],
  ['mce', 'report'],
  ['mce', 'export'],
  ['scaffold'],
];

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dpan-cli-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('dpan --help', () => {
  it('lists every command, and every command documents an example', async () => {
    const results = await Promise.all(commands.map((path) => dpan(...path, '--help')));
    results.forEach((result, i) => {
      const name = ['dpan', ...(commands[i] ?? [])].join(' ');
      expect(result.code, name).toBe(0);
      expect(result.stdout, name).toMatch(/\nExamples?:\n {2}\$ dpan /);
    });
    // Every command the top-level help lists is in the list above (a new command must document an example).
    const top = results[0]?.stdout ?? '';
    const listed = [...top.slice(top.indexOf('Commands:')).matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]).filter((name) => name !== 'help');
    expect(listed.length).toBeGreaterThan(20);
    for (const name of listed) expect(commands.some((path) => path[0] === name), `dpan ${String(name)} is not in the list`).toBe(true);
  });
});

describe('usage errors exit with 2', () => {
  it.each([
    [['validate', 'city.json', '--bogus'], "unknown option '--bogus'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['city', 'init'], "missing required argument 'dir'"],
    [['org', 'accredit', '0x90F79bf6EB2c4f870365E785982E1f101E93b906'], "required option '--roles <roles>' not specified"],
    [['task'], 'Usage: dpan task'],
    [['task', 'claim', '1', '--account', '1', '--private-key', '0x01'], "cannot be used with option '--private-key"],
  ])('dpan %j', async (args, message) => {
    const result = await dpan(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it.each([
    [['nosuchcmd', '--help'], 'nosuchcmd'],
    [['--help', 'nosuchcmd'], 'nosuchcmd'],
    [['task', 'nosuch', '--help'], 'nosuch'],
    [['help', 'nosuchcmd'], 'nosuchcmd'],
  ])('an unknown command is a usage error with --help too: dpan %j', async (args, name) => {
    const result = await dpan(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: unknown command '${name}'`);
    expect(result.stdout).toBe('');
  });

  it('a known command with --help still prints its help and exits 0, whatever comes around it', async () => {
    const result = await dpan('task', '--help', 'claim');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: dpan task');
  });

  it('a malformed option value is a usage error too, reported before any chain is needed', async () => {
    const result = await dpan('org', 'accredit', '0x90F79bf6EB2c4f870365E785982E1f101E93b906', '--roles', 'mayor', '--city', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--roles: unknown role "mayor"; allowed: issuer, redeemer, verifier, auditor, relayer');
  });
});

describe('dpan validate', () => {
  it('exits 1 and prints each issue as file#/pointer: message', async () => {
    const file = join(dir, 'city.json');
    const config = JSON.parse(readFileSync(new URL('../../../schemas/test/fixtures/city/valid.json', import.meta.url), 'utf8'));
    writeFileSync(file, JSON.stringify({ ...config, ticker: 'brky' }, null, 2));
    const result = await dpan('validate', file);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${file}#/ticker: "brky" does not match`);

    const json = await dpan('validate', file, '--json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { valid: boolean; issues: { pointer: string }[] };
    expect(report.valid).toBe(false);
    expect(report.issues.map((issue) => issue.pointer)).toEqual(['/ticker']);
    rmSync(file);
  });

  it('exits 0 on the Berkeley example and 1 when nothing is recognised', async () => {
    const example = await dpan('validate', 'examples/berkeley');
    expect(example.code).toBe(0);
    expect(example.stdout).toContain('valid: 2 files checked');
    const missing = await dpan('validate', join(dir, 'nope.json'));
    expect(missing.code).toBe(1);
  });
});

describe('dpan city init', () => {
  it('writes a valid, commented city and refuses a non-empty directory', async () => {
    const city = join(dir, 'oakland');
    const created = await dpan('city', 'init', city, '--name', 'Oakland', '--ticker', 'OAKL');
    expect(created.code).toBe(0);
    const text = readFileSync(join(city, 'city.json'), 'utf8');
    expect(text).toContain('"name": "Oakland"');
    expect(text).toContain('// CHANGE');
    expect((await dpan('validate', city)).code).toBe(0);

    const again = await dpan('city', 'init', city);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not empty');
  });

  it('checks the name and ticker before writing anything', async () => {
    const city = join(dir, 'bad');
    const result = await dpan('city', 'init', city, '--ticker', 'oak');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('city.json#/ticker: "oak" does not match');
    expect(() => readFileSync(join(city, 'city.json'))).toThrow();
  });
});
