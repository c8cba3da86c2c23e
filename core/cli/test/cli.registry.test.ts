// `dpan registry start|status|adduser|auditor|stop`: the embedded registry network from the command line, detached like the chain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createPublicClient, http } from 'viem';
import { afterAll, describe, expect, it } from 'vitest';

import { readIsAuditor } from '../../../registry/src/distribution/readModuleVersion.js';
import { dpan, dpanJson } from '../../../test/utils/dpan.js';

type Started = { url: string; rpcUrl: string; chainId: number; moduleRegistry: string; deployed: boolean; registryDir: string };
const AUDITOR = '0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097';

describe('dpan registry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dpan-registry-'));
  afterAll(async () => {
    await dpan('registry', 'stop', '--registry-dir', dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts in the background on loopback, adds users and auditors, refuses a second start, stops, and resumes its state', async () => {
    const started = await dpanJson<Started>('registry', 'start', '--registry-dir', dir);
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started).toMatchObject({ registryDir: dir, deployed: true });
    expect((await fetch(`${started.url}/-/ping`)).ok).toBe(true);
    const status = await dpanJson<{ running: boolean; url: string; moduleRegistry: string }>('registry', 'status', '--registry-dir', dir);
    expect(status).toMatchObject({ running: true, url: started.url, moduleRegistry: started.moduleRegistry });

    const again = await dpan('registry', 'start', '--registry-dir', dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(started.url);

    const user = await dpanJson<{ token: string }>('registry', 'adduser', 'berkeley', '--password', 'correct-horse', '--registry-dir', dir);
    expect(user.token.length).toBeGreaterThan(10);
    const whoami = await fetch(`${started.url}/-/whoami`, { headers: { authorization: `Bearer ${user.token}` } });
    expect(await whoami.json()).toEqual({ username: 'berkeley' });

    // Only the council (dev account 0 on the embedded network) accredits auditors.
    const outsider = await dpan('registry', 'auditor', AUDITOR, '--name', 'Civic Audit Co-op', '--account', '5', '--registry-dir', dir);
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toContain('AccessManagedUnauthorized');
    await dpanJson('registry', 'auditor', AUDITOR, '--name', 'Civic Audit Co-op', '--registry-dir', dir);
    const client = createPublicClient({ transport: http(started.rpcUrl) });
    expect(await readIsAuditor(client, started.moduleRegistry as `0x${string}`, AUDITOR)).toBe(true);

    const stopped = await dpanJson<{ registryStopped: boolean; chainStopped: boolean }>('registry', 'stop', '--registry-dir', dir);
    expect(stopped).toEqual({ registryStopped: true, chainStopped: true });
    await expect(fetch(`${started.url}/-/ping`)).rejects.toThrow();
    expect(await dpanJson<{ running: boolean }>('registry', 'status', '--registry-dir', dir)).toMatchObject({ running: false });

    // A restart resumes: same ModuleRegistry, the auditor still accredited, the user still there.
    const resumed = await dpanJson<Started>('registry', 'start', '--registry-dir', dir);
    expect(resumed).toMatchObject({ deployed: false, moduleRegistry: started.moduleRegistry });
    const client2 = createPublicClient({ transport: http(resumed.rpcUrl) });
    expect(await readIsAuditor(client2, started.moduleRegistry as `0x${string}`, AUDITOR)).toBe(true);
    const login = await dpan('registry', 'adduser', 'berkeley', '--password', 'wrong-password', '--registry-dir', dir);
    expect(login.code).toBe(1);
  }, 180_000);
});
