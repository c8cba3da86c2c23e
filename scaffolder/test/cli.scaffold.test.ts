// `dpan scaffold --from-mce`, the command this package contributes to dpan (dpan-commands.js): the real binary on
// the scaffolder's fixture records. The graduation report (text and JSON, exit 0/1), a scaffolded package that
// `dpan validate` and readModuleDirectory accept (its content hash as the command prints it), and every refusal
// (exit 1, or 2 for usage) leaving no file behind. No chain, no registry.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readModuleDirectory } from '@citysync/module-kit';
import type { GovernanceParameters } from '@citysync/schemas';
import { afterAll, describe, expect, it } from 'vitest';

import { dpan, dpanJson } from '../../test/utils/dpan.js';
import type { ScaffoldReportResult, ScaffoldResult } from '../src/cli/scaffold.js';
import { defaultGraduationCriteriaFile } from '../src/criteria.js';
import type { GraduationReport } from '../src/grade.js';

// dpan runs from the repository root.
const BLIGHT = 'scaffolder/test/fixtures/blight-mce.record.json';
const SAMPLE = 'scaffolder/test/fixtures/sample.record.json';
const NAME = '@cdmx/dpan-blight-response';

const root = mkdtempSync(join(tmpdir(), 'dpan-cli-scaffold-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('dpan scaffold --from-mce <record> --report', () => {
  it('a graduating record: the text report, exit 0', async () => {
    const result = await dpan('scaffold', '--from-mce', SAMPLE, '--report');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('MCE west-berkeley-blight-2026-05 (Berkeley, BRKY) graduates: 4 of 4 criteria pass\n');
    expect(result.stdout).toContain('pass  Stable redemption (stable-redemption)');
    expect(result.stdout).not.toContain('FAIL');
  });

  it('the exported blight record: two criteria fail, each at its place in the record, exit 1', async () => {
    const result = await dpan('scaffold', '--from-mce', BLIGHT, '--report');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('does not graduate: 2 of 4 criteria pass');
    expect(result.stdout).toContain(`FAIL  Stable redemption (stable-redemption)`);
    expect(result.stdout).toContain(`${BLIGHT}#/outcomes/creditsRedeemed: share of issued credits redeemed 27.2% < 30% (graduation.stableRedemption.minShare)`);
    expect(result.stdout).toContain(`${BLIGHT}#/outcomes/metrics: outcome metrics with a target 0 < 1 (graduation.measurableOutcomes.minTargets)`);
    expect(result.stdout).toContain('next: --force scaffolds anyway');
  });

  it('--json: the report object, exit 1 when it fails', async () => {
    const result = await dpan('scaffold', '--from-mce', BLIGHT, '--report', '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as ScaffoldReportResult;
    expect(report.pass).toBe(false);
    expect(report.recordFile).toBe(BLIGHT);
    expect(report.criteria.map((c) => [c.id, c.pass])).toEqual([
      ['verification-reliability', true],
      ['sustained-engagement', true],
      ['stable-redemption', false],
      ['measurable-outcomes', false],
    ]);
    const passing = await dpanJson<GraduationReport>('scaffold', '--from-mce', SAMPLE, '--report');
    expect(passing.pass).toBe(true);
  });

  it('--criteria: other thresholds, from a governance-parameters file', async () => {
    const file = join(root, 'lenient.json');
    const { parameters } = JSON.parse(readFileSync(defaultGraduationCriteriaFile, 'utf8')) as GovernanceParameters;
    Object.assign(parameters['graduation.stableRedemption.minShare'] ?? {}, { value: 0.25 });
    Object.assign(parameters['graduation.measurableOutcomes.minTargets'] ?? {}, { value: 0, min: 0 });
    writeFileSync(file, JSON.stringify({ parameters }));
    const result = await dpan('scaffold', '--from-mce', BLIGHT, '--report', '--criteria', file);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('graduates: 4 of 4 criteria pass');
    const missing = join(root, 'missing.json');
    const refused = await dpan('scaffold', '--from-mce', BLIGHT, '--report', '--criteria', missing);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${missing}#: cannot be read: file not found`);
  });
});

describe('dpan scaffold --from-mce <record> --name <@scope/name>', () => {
  it('writes a package that dpan validate and readModuleDirectory accept, and prints its content hash', async () => {
    const out = join(root, 'graduated');
    const result = await dpanJson<ScaffoldResult>('scaffold', '--from-mce', SAMPLE, '--name', NAME, '--out', out);
    expect(result).toMatchObject({ dir: out, name: NAME, version: '0.1.0', forkedFrom: '@citysync/dpan-blight-mce@0.1.0', forced: false });
    const pkg = readModuleDirectory(out);
    expect(pkg.contentHash).toBe(result.contentHash);
    expect(pkg.manifest.name).toBe(NAME);
    expect(Object.keys(pkg.artifacts)).toEqual(['MceTaskPolicySetup']);
    expect(pkg.catalog.taskTypes).toHaveLength(6);
    const validate = await dpan('validate', out);
    expect(validate.code, validate.stdout).toBe(0);
    expect(validate.stdout).toMatch(/^valid: 5 files checked/);
  });

  it('the exported blight record: refused without --force (exit 1, nothing written); with it, the README says why', async () => {
    const out = join(root, 'blight');
    const refused = await dpan('scaffold', '--from-mce', BLIGHT, '--name', NAME, '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: ${BLIGHT}: the MCE does not graduate (stable-redemption, measurable-outcomes failed); nothing was written.`);
    expect(refused.stderr).toContain(`${BLIGHT}#/outcomes/creditsRedeemed: stable-redemption: share of issued credits redeemed is 27.2%`);
    expect(existsSync(out)).toBe(false);

    const forced = await dpan('scaffold', '--from-mce', BLIGHT, '--name', NAME, '--out', out, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`scaffolded ${NAME}@0.1.0 in ${out} (22 files), forked from @citysync/dpan-blight-mce@0.1.0`);
    expect(forced.stdout).toContain('warning: --force: stable-redemption, measurable-outcomes failed; the README says why');
    expect(forced.stdout).toContain(`content hash ${readModuleDirectory(out).contentHash}`);
  });

  it('a record that fails its schema: exit 1, the file#/pointer issue, --json error with the issues, nothing written', async () => {
    const file = join(root, 'broken.record.json');
    const record = JSON.parse(readFileSync(SAMPLE, 'utf8')) as { outcomes: { retention: number } };
    record.outcomes.retention = 1.5;
    writeFileSync(file, JSON.stringify(record));
    const out = join(root, 'broken');
    const result = await dpan('scaffold', '--from-mce', file, '--name', NAME, '--out', out, '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}#/outcomes/retention: 1.5 is more than the maximum 1`);
    const { error } = JSON.parse(result.stdout) as { error: { name: string; issues: { pointer: string }[] } };
    expect(error.name).toBe('SchemaValidationError');
    expect(error.issues.map((i) => i.pointer)).toEqual(['/outcomes/retention']);
    expect(existsSync(out)).toBe(false);
    const report = await dpan('scaffold', '--from-mce', file, '--report');
    expect(report.code).toBe(1);
    expect(report.stderr).toContain(`${file}#/outcomes/retention`);
  });

  it('a non-empty --out: exit 1, the directory as it was', async () => {
    const out = join(root, 'occupied');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const result = await dpan('scaffold', '--from-mce', SAMPLE, '--name', NAME, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: ${out} is not empty: a module is scaffolded only into a new or empty directory; nothing was written.`);
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });

  it('usage errors exit 2 before reading anything: no --name, a malformed --name, no --from-mce', async () => {
    const out = join(root, 'usage');
    const cases: [string[], string][] = [
      [['scaffold', '--from-mce', SAMPLE, '--out', out], '--name <@scope/name> is required'],
      [['scaffold', '--from-mce', SAMPLE, '--name', 'Not A Name', '--out', out], '--name "Not A Name" is not a package name'],
      [['scaffold', '--name', NAME, '--out', out], "required option '--from-mce <record.json>' not specified"],
    ];
    for (const [args, message] of cases) {
      const result = await dpan(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(existsSync(out)).toBe(false);
  });
});
