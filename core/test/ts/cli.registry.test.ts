// `dpan registry start|status|stop`: the embedded npm registry from the command line, detached like the chain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { dpan, dpanJson } from './utils/dpan.js';

type Started = { pid: number; port: number; url: string; storageDir: string };

describe('dpan registry', () => {
  const storage = mkdtempSync(join(tmpdir(), 'dpan-registry-'));
  afterAll(async () => {
    await dpan('registry', 'stop', '--storage', storage);
    rmSync(storage, { recursive: true, force: true });
  });

  it('starts in the background on loopback, answers npm, refuses a second start, and stops', async () => {
    const started = await dpanJson<Started>('registry', 'start', '--storage', storage);
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.storageDir).toBe(storage);

    const ping = await fetch(`${started.url}/-/ping`);
    expect(ping.ok).toBe(true);
    const status = await dpanJson<{ running: boolean; url: string }>('registry', 'status', '--storage', storage);
    expect(status).toMatchObject({ running: true, url: started.url });

    const again = await dpan('registry', 'start', '--storage', storage);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(started.url);

    const stopped = await dpanJson<{ stopped: boolean; pid: number }>('registry', 'stop', '--storage', storage);
    expect(stopped).toEqual({ stopped: true, pid: started.pid });
    await expect(fetch(`${started.url}/-/ping`)).rejects.toThrow();
    expect(await dpanJson<{ running: boolean }>('registry', 'status', '--storage', storage)).toEqual({ running: false });
  }, 120_000);
});
