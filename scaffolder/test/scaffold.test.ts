// scaffoldModule: every rendered file of the exported blight record against its snapshot, the package valid as
// `dpan validate` sees it, the derivation rules, the generic contracts, and the refusals, each leaving no file.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { type DpanManifest, type GovernanceParameters, SchemaValidationError, type TaskCatalog, formatIssue } from '@citysync/schemas';
import { validatePath } from '@citysync/schemas/node';
import { afterAll, describe, expect, it } from 'vitest';

import {
  GraduationFailedError,
  ScaffoldOutputError,
  ScaffoldRecordError,
  ScaffoldTargetError,
  deriveBudget,
  deriveRate,
  listTemplates,
  loadGraduationCriteria,
  renderPackage,
  scaffoldModule,
  templatesDir,
} from '../src/index.js';
import { BLIGHT_FILE, SAMPLE_FILE, readRecord, scratch, varied } from './helpers.js';

const blight = readRecord(BLIGHT_FILE);
const sample = readRecord(SAMPLE_FILE);
const NAME = '@cdmx/dpan-blight-response';
const tmp = scratch('dpan-scaffold-test-');
afterAll(tmp.remove);

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const json = <T>(dir: string, path: string) => JSON.parse(read(dir, path)) as T;
/** Every file under `dir`, relative, sorted by code point. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
const caught = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};

describe('the exported blight record, scaffolded with --force (it fails two criteria)', () => {
  const out = join(tmp.dir, 'blight');
  const result = scaffoldModule({ record: blight, recordFile: 'blight-mce.record.json', name: NAME, out, force: true });
  const templates = new Set(listTemplates(templatesDir).filter((t) => !t.endsWith('.hbs')).map((t) => t.replace(/^changeset\//, '.changeset/').replace(/^gitignore$/, '.gitignore')));

  it('writes the whole package and says what it wrote', () => {
    expect(result).toMatchObject({ dir: out, name: NAME, version: '0.1.0', forkedFrom: '@citysync/dpan-blight-mce@0.1.0', forced: true });
    expect(result.files).toEqual(tree(out));
    expect(result.files).toEqual([
      '.changeset/config.json',
      '.changeset/dpan-blight-response-from-mce.md',
      '.gitignore',
      'CHANGELOG.md',
      'README.md',
      'artifacts/MceTaskPolicy.json',
      'artifacts/MceTaskPolicySetup.json',
      'contracts/MceTaskPolicy.sol',
      'contracts/MceTaskPolicySetup.sol',
      'dpan.json',
      'foundry.toml',
      'mce/graduation-report.json',
      'mce/record.json',
      'offerings.json',
      'package.json',
      'parameters.json',
      'tasks.json',
      'test/MceTaskPolicy.t.sol',
      'test/MceTaskPolicyBase.sol',
      'test/package.test.ts',
      'verification.json',
      'vitest.config.ts',
    ]);
  });

  it('passes dpan validate', () => {
    expect(validatePath(out).map(formatIssue)).toEqual([]);
  });

  it.each(result.files)('%s matches its snapshot (or is the template byte for byte, or the record)', async (path) => {
    if (templates.has(path)) {
      const template = path.replace(/^\.changeset\//, 'changeset/').replace(/^\.gitignore$/, 'gitignore');
      expect(readFileSync(join(out, path)).equals(readFileSync(join(templatesDir, template))), path).toBe(true);
      return;
    }
    if (path === 'mce/record.json') {
      expect(json(out, path)).toEqual(blight); // the record itself, as given
      return;
    }
    // `.snap` keeps a snapshot of a test or a Solidity file out of vitest's and forge's globs.
    await expect(read(out, path)).toMatchFileSnapshot(`./__snapshots__/blight-mce/${path}.snap`);
  });

  it('dpan.json: forkedFrom is the module the event ran, the task policy, the setup bound to the data files', () => {
    const manifest = json<DpanManifest>(out, 'dpan.json');
    expect(manifest.forkedFrom).toBe(blight.lineage.module);
    expect(manifest.taskPolicy).toBe(true);
    expect(manifest.contracts).toEqual([
      {
        name: 'MceTaskPolicySetup',
        artifact: 'artifacts/MceTaskPolicySetup.json',
        init: {
          issuance: 'city:issuance',
          taskTypes: 'tasks.json#/taskTypes/*/id',
          minRates: 'tasks.json#/taskTypes/*/rate/min',
          maxRates: 'tasks.json#/taskTypes/*/rate/max',
          taskRules: 'tasks.json#/taskTypes/*/verification',
          ruleIds: 'verification.json#/rules/*/id',
          ruleVerifiers: 'verification.json#/rules/*/verifiersRequired',
        },
      },
    ]);
    // The bindings name exactly the setup's initData inputs, in order.
    const artifact = json<{ abi: { type: string; name?: string; inputs?: { name: string }[] }[] }>(out, 'artifacts/MceTaskPolicySetup.json');
    const initData = artifact.abi.find((item) => item.type === 'function' && item.name === 'initData');
    expect(initData?.inputs?.map((i) => i.name)).toEqual(Object.keys(manifest.contracts[0]?.init ?? {}));
  });

  it('package.json ships every file the content hash covers, like the repo modules', () => {
    const pkg = json<{ name: string; version: string; files: string[] }>(out, 'package.json');
    expect([pkg.name, pkg.version]).toEqual([NAME, '0.1.0']);
    for (const path of ['dpan.json', 'tasks.json', 'verification.json', 'parameters.json', 'offerings.json', 'contracts/', 'artifacts/', 'README.md', 'CHANGELOG.md']) {
      expect(pkg.files).toContain(path);
    }
  });

  it('the README opens with the failed criteria, and the changeset says so', () => {
    const readme = read(out, 'README.md');
    expect(readme).toContain('> **Scaffolded with `--force`: this MCE did not graduate.** 2 of 4 graduation');
    expect(readme).toContain('> - **Stable redemption** (`stable-redemption`): 27.2% of the 827 credits issued were redeemed (below the 30% required)');
    expect(readme).toContain('> - **Measurable outcomes** (`measurable-outcomes`): none of the 5 outcome metrics carries a target');
    expect(read(out, '.changeset/dpan-blight-response-from-mce.md')).toContain('Scaffolded with --force although graduation criteria failed (stable-redemption, measurable-outcomes)');
  });
});

describe('derived defaults and bounds', () => {
  it('rates: min = max(1, ⌊0.5 × paid⌋), max = ⌈1.5 × paid⌉', () => {
    expect(deriveRate(25)).toEqual({ default: 25, min: 12, max: 38 });
    expect(deriveRate(10)).toEqual({ default: 10, min: 5, max: 15 });
    expect(deriveRate(1)).toEqual({ default: 1, min: 1, max: 2 });
  });

  it('budget.perPeriod: ⌈1.25 × issued⌉, bounds max(1, ⌊0.5 × issued⌋) to ⌈3 × issued⌉', () => {
    expect(deriveBudget(827)).toEqual({ default: 1034, min: 413, max: 2481 });
    expect(deriveBudget(0)).toEqual({ default: 1, min: 1, max: 1 });
  });

  it("writes them into tasks.json and parameters.json, each parameter's description stating its rule", () => {
    const out = join(tmp.dir, 'sample-rules');
    scaffoldModule({ record: sample, recordFile: 'sample.json', name: NAME, out });
    const catalog = json<TaskCatalog>(out, 'tasks.json');
    expect(catalog.module).toBe(NAME);
    expect(catalog.taskTypes.map((t) => [t.id, t.rate])).toEqual(sample.taskCatalog.map((t) => [t.id, deriveRate(t.rate.default)]));
    const { parameters } = json<GovernanceParameters>(out, 'parameters.json');
    expect(parameters['budget.perPeriod']).toMatchObject({ default: 9019, min: 3607, max: 21645, unit: 'credits' });
    expect(parameters['budget.perPeriod']?.description).toContain('default ⌈1.25 × 7,215⌉ = 9,019, bounds max(1, ⌊0.5 × 7,215⌋) = 3,607 to ⌈3 × 7,215⌉ = 21,645');
    // Carried: the value in force (9000, not the default 8000), with the bounds then.
    expect(parameters['issuance.coverageRatioBps']).toMatchObject({ default: 9000, min: 5000, max: 10000 });
    expect(parameters['issuance.coverageRatioBps']?.description).toContain('Carried from MCE west-berkeley-blight-2026-05: default = the value in force during the event (9000; its default was 8000)');
    // Not carried: the event module's own settings.
    expect(Object.keys(parameters)).not.toContain('event.durationSeconds');
    expect(read(out, 'README.md')).toContain('Not carried: these parameters configured the event module\'s own contracts and tools');
    // Offerings: the event's offers without redeemer or window.
    expect(json<{ offerings: unknown[] }>(out, 'offerings.json').offerings).toEqual(
      sample.offers.map(({ offering }) => ({ id: offering.id, title: offering.title, price: offering.price, capacityPerPeriod: offering.capacityPerPeriod })),
    );
  });

  it('a graduating record: the README has no --force warning and reports every criterion passing', async () => {
    const out = join(tmp.dir, 'sample-readme');
    const result = scaffoldModule({ record: sample, recordFile: 'sample.json', name: '@oakland/dpan-blight-response', out });
    expect(result.forced).toBe(false);
    const readme = read(out, 'README.md');
    expect(readme).not.toContain('--force`: this MCE did not graduate');
    await expect(readme).toMatchFileSnapshot('./__snapshots__/sample/README.md.snap');
  });
});

describe('the generic contracts', () => {
  it('are the same bytes in every scaffold and name no module', () => {
    const a = join(tmp.dir, 'generic-a');
    const b = join(tmp.dir, 'generic-b');
    scaffoldModule({ record: blight, recordFile: 'a.json', name: '@a/dpan-a', out: a, force: true });
    scaffoldModule({ record: sample, recordFile: 'b.json', name: '@b/dpan-b', out: b });
    for (const path of ['contracts/MceTaskPolicy.sol', 'contracts/MceTaskPolicySetup.sol', 'artifacts/MceTaskPolicy.json', 'artifacts/MceTaskPolicySetup.json', 'test/MceTaskPolicy.t.sol']) {
      expect(read(a, path), path).toBe(read(b, path));
      expect(read(a, path), path).toBe(readFileSync(join(templatesDir, path), 'utf8'));
    }
    const sources = read(a, 'contracts/MceTaskPolicy.sol') + read(a, 'contracts/MceTaskPolicySetup.sol');
    for (const word of ['blight', 'Berkeley', 'dpan-a', 'BRKY', 'hazard']) expect(sources).not.toContain(word);
  });

  it('a scaffold is deterministic: the same record gives the same bytes', () => {
    const again = join(tmp.dir, 'blight-again');
    const first = join(tmp.dir, 'blight-first');
    scaffoldModule({ record: blight, recordFile: 'blight-mce.record.json', name: NAME, out: first, force: true });
    scaffoldModule({ record: blight, recordFile: 'blight-mce.record.json', name: NAME, out: again, force: true });
    for (const path of tree(first)) expect(read(again, path), path).toBe(read(first, path));
  });
});

describe('records of other shapes', () => {
  it('no offers: no offerings.json, and the manifest and package.json do not name one', () => {
    const out = join(tmp.dir, 'no-offers');
    const record = varied(sample, (r) => {
      r.offers = [];
      r.outcomes.creditsRedeemed = 0;
      r.redeemers = [];
    });
    const lenient = { ...loadGraduationCriteria(), thresholds: { ...loadGraduationCriteria().thresholds, redemptionMinShare: 0 } };
    const result = scaffoldModule({ record, recordFile: 'r.json', name: NAME, out, criteria: lenient });
    expect(result.files).not.toContain('offerings.json');
    expect(json<DpanManifest>(out, 'dpan.json').files.offerings).toBeUndefined();
    expect(json<{ files: string[] }>(out, 'package.json').files).not.toContain('offerings.json');
    expect(read(out, 'test/package.test.ts')).not.toContain("'offerings.json'");
    expect(validatePath(out).map(formatIssue)).toEqual([]);
  });

  it('an event that ran without a module: forkedFrom null, the README says it starts a lineage', () => {
    const out = join(tmp.dir, 'no-module');
    scaffoldModule({ record: varied(sample, (r) => (r.lineage.module = null)), recordFile: 'r.json', name: NAME, out });
    expect(json<DpanManifest>(out, 'dpan.json').forkedFrom).toBeNull();
    expect(read(out, 'README.md')).toContain('The event ran without a module, so `dpan.json#/forkedFrom` is null');
    expect(validatePath(out).map(formatIssue)).toEqual([]);
  });

  it('a k-of-n rule: its verifiers reach the Solidity test base', () => {
    const record = varied(sample, (r) => {
      r.verificationRules.push({ id: 'two-verifiers', verifiersRequired: 2, verifierRoles: ['verifier'], batchable: false, rejectReasons: [{ code: 1, label: 'Not seen' }] });
      const first = r.taskCatalog[0];
      if (first !== undefined) first.verification = 'two-verifiers';
    });
    const out = join(tmp.dir, 'k-of-n');
    scaffoldModule({ record, recordFile: 'r.json', name: NAME, out });
    expect(read(out, 'test/MceTaskPolicyBase.sol')).toContain('k[0] = 2; // illegal-dumping-cleanup: two-verifiers');
    expect(read(out, 'README.md')).toContain('| `two-verifiers` | 2 accredited verifiers | no | 1: Not seen |');
  });
});

describe('refusals write nothing', () => {
  /** `parent` holds exactly `entries` after the refusal. */
  const expectUntouched = (parent: string, entries: string[]) => expect(readdirSync(parent).sort()).toEqual(entries.sort());

  it('a record that fails its schema: SchemaValidationError at file#/pointer', () => {
    const parent = join(tmp.dir, 'refuse-schema');
    mkdirSync(parent);
    const record = varied(sample, (r) => (r.outcomes.retention = 1.5));
    const error = caught(() => scaffoldModule({ record, recordFile: 'west.json', name: NAME, out: join(parent, 'pkg') }));
    expect(error).toBeInstanceOf(SchemaValidationError);
    expect((error as SchemaValidationError).issues.map(formatIssue)).toEqual(['west.json#/outcomes/retention: 1.5 is more than the maximum 1; allowed: a number from 0 to 1']);
    expectUntouched(parent, []);
  });

  it('a record whose outcome counts do not add up (a rule checked in code), at its pointer', () => {
    const parent = join(tmp.dir, 'refuse-counts');
    mkdirSync(parent);
    const record = varied(sample, (r) => (r.outcomes.verified = 400));
    const error = caught(() => scaffoldModule({ record, recordFile: 'west.json', name: NAME, out: join(parent, 'pkg') }));
    expect((error as SchemaValidationError).issues.map((i) => `${i.file}#${i.pointer}`)).toEqual(['west.json#/outcomes/verified']);
    expectUntouched(parent, []);
  });

  it('failing criteria without --force: GraduationFailedError naming each failing check in the record', () => {
    const parent = join(tmp.dir, 'refuse-criteria');
    mkdirSync(parent);
    const error = caught(() => scaffoldModule({ record: blight, recordFile: 'blight.json', name: NAME, out: join(parent, 'pkg') }));
    expect(error).toBeInstanceOf(GraduationFailedError);
    const failed = error as GraduationFailedError;
    expect(failed.report.pass).toBe(false);
    expect(failed.issues.map(formatIssue)).toEqual([
      'blight.json#/outcomes/creditsRedeemed: stable-redemption: share of issued credits redeemed is 27.2%, below the threshold 30% (graduation.stableRedemption.minShare); allowed: at least 30%',
      'blight.json#/outcomes/metrics: measurable-outcomes: outcome metrics with a target is 0, below the threshold 1 (graduation.measurableOutcomes.minTargets); allowed: at least 1',
    ]);
    expect(failed.shortMessage).toContain('nothing was written');
    expectUntouched(parent, []);
  });

  it('a non-empty --out (or a file): ScaffoldOutputError, the directory as it was', () => {
    const out = join(tmp.dir, 'refuse-out');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect(caught(() => scaffoldModule({ record: sample, recordFile: 's.json', name: NAME, out }))).toBeInstanceOf(ScaffoldOutputError);
    expectUntouched(out, ['notes.txt']);
    expect(read(out, 'notes.txt')).toBe('mine');
    const file = join(out, 'notes.txt');
    expect(String(caught(() => scaffoldModule({ record: sample, recordFile: 's.json', name: NAME, out: file })))).toContain('is a file');
  });

  it('an empty --out is used', () => {
    const out = join(tmp.dir, 'empty-out');
    mkdirSync(out);
    scaffoldModule({ record: sample, recordFile: 's.json', name: NAME, out });
    expect(existsSync(join(out, 'dpan.json'))).toBe(true);
  });

  it("a malformed name, or the name of the module the event ran: ScaffoldTargetError", () => {
    const parent = join(tmp.dir, 'refuse-name');
    mkdirSync(parent);
    const malformed = caught(() => scaffoldModule({ record: sample, recordFile: 's.json', name: 'Not A Name', out: join(parent, 'a') }));
    expect(malformed).toBeInstanceOf(ScaffoldTargetError);
    expect((malformed as ScaffoldTargetError).malformed).toBe(true);
    const own = caught(() => scaffoldModule({ record: sample, recordFile: 's.json', name: '@citysync/dpan-blight-mce', out: join(parent, 'b') }));
    expect(String(own)).toContain('is the name of the module the MCE ran');
    expectUntouched(parent, []);
  });

  it('more task types than the generic policy lists: ScaffoldRecordError at /taskCatalog', () => {
    const parent = join(tmp.dir, 'refuse-catalog');
    mkdirSync(parent);
    const record = varied(sample, (r) => {
      const [first] = r.taskCatalog;
      if (first === undefined) return;
      r.taskCatalog = Array.from({ length: 65 }, (_, i) => ({ ...first, id: `task-${i}` }));
    });
    const error = caught(() => scaffoldModule({ record, recordFile: 'big.json', name: NAME, out: join(parent, 'pkg') }));
    expect(error).toBeInstanceOf(ScaffoldRecordError);
    expect((error as ScaffoldRecordError).issues.map(formatIssue)).toEqual(['big.json#/taskCatalog: 65 task types are more than the 64 MceTaskPolicy lists; allowed: at most 64']);
    expectUntouched(parent, []);
  });
});

describe('renderPackage', () => {
  it('renders every template in memory and skips those asked', () => {
    const files = renderPackage({ view: { x: 1 }, changesetSlug: 's', skip: listTemplates(templatesDir).filter((t) => t.endsWith('.hbs')) });
    expect(files.every((f) => !f.rendered)).toBe(true);
    expect(files.map((f) => f.path)).toContain('.gitignore');
  });

  it('strict: a template reading a field the view lacks fails instead of rendering an empty string', () => {
    expect(() => renderPackage({ view: {}, changesetSlug: 's' })).toThrow(/not defined in/);
  });
});
