// `npm run rehearsal` as a child process, the way an operator runs it: a city across institutions on a genesis anvil
// behind the filter that refuses dev-only methods. It must exit 0 with a module installed through an operation, a
// task's credits minted and burned, and not one dev-only method asked of the chain.
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import type { RehearsalReport } from '../scripts/rehearsal.js';
import { runProcess } from './utils/dpan.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the production rehearsal', () => {
  it('runs end to end: exit 0, zero refused methods, the module installed, credits minted and burned', async () => {
    const { DPAN_PRIVATE_KEY: _key, DPAN_PASSWORD: _password, ...env } = process.env;
    const run = await runProcess(process.execPath, ['--import', 'tsx', 'scripts/rehearsal.ts', '--json'], { cwd: ROOT, env });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as RehearsalReport;

    expect(report.rpc.refused).toEqual({});
    expect(report.rpc.forwarded['eth_sendRawTransaction']).toBeGreaterThan(10);
    expect(report.module).toMatchObject({ name: '@rehearsal/dpan-general-economy', version: '1.0.0', installed: true, killedAndResumed: true });
    expect(report.module.operation).toMatch(/^op-[0-9a-f]{12}$/);
    expect(report.economy).toMatchObject({ minted: '20', burned: '10' });
    // Four institutions (a proposer and an approver per committee involved), the deployer, the issuer, the redeemer
    // and a resident signed, each with a keystore of its own.
    expect(report.signers).toBe(8);
    expect(report.processes).toBeGreaterThan(20);
    expect(report.health.periods).toBeGreaterThan(0);
  }, 900_000);
});
