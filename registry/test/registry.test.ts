import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import ssri from 'ssri';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addRegistryUser, downloadTarball, NoMatchingVersionError, packModule, publishTarball, registryServerStatus, RegistryRunningError, RegistryUnauthorizedError, resolveVersion, startRegistryServer, stopRegistryServer, TarballIntegrityError, VersionExistsError, type StartRegistryServerReturnType } from '@citysync/registry';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const NAME = '@berkeley/dpan-general-economy';

/** A copy of modules/general-economy under a test name and version, so nothing in the repository changes. */
function moduleCopy(root: string, version: string): string {
  const dir = join(root, `general-economy-${version}`);
  cpSync(join(repoRoot, 'modules/general-economy'), dir, {
    recursive: true,
    filter: (source) => !source.includes('node_modules'),
  });
  const pkgFile = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(pkgFile, JSON.stringify({ ...pkg, name: NAME, version }, null, 2));
  return dir;
}

describe('embedded registry (verdaccio on loopback)', () => {
  let root: string;
  let storageDir: string;
  let server: StartRegistryServerReturnType | undefined;
  let token: string;
  let published: { integrity: string; tarball: Buffer };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'citysync-registry-'));
    storageDir = join(root, 'storage');
    server = await startRegistryServer({ storageDir });
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('records the running server and refuses a second one for the same storage', async () => {
    const live = server!;
    expect(live.url).toBe(`http://127.0.0.1:${live.port}`);
    const record = JSON.parse(readFileSync(join(storageDir, 'registry.json'), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ pid: live.pid, port: live.port, url: live.url });
    expect(registryServerStatus(storageDir)).toMatchObject({ running: true, pid: live.pid });
    await expect(startRegistryServer({ storageDir })).rejects.toBeInstanceOf(RegistryRunningError);
  });

  it('adds a user and returns a token', async () => {
    ({ token } = await addRegistryUser({
      url: server!.url,
      username: 'berkeley',
      password: 'berkeley-publisher-pw',
      email: 'modules@berkeley.example',
    }));
    expect(token).toMatch(/.{16,}/);
  });

  it('refuses a publish without a token, or with an invalid one, with a typed error', async () => {
    const dir = moduleCopy(root, '0.9.0');
    const noToken = await publishTarball({ url: server!.url, dir }).catch((error: unknown) => error);
    expect(noToken).toBeInstanceOf(RegistryUnauthorizedError);
    expect((noToken as Error).message).toMatch(/--token/);
    await expect(publishTarball({ url: server!.url, dir, token: 'not-a-token' })).rejects.toBeInstanceOf(
      RegistryUnauthorizedError,
    );
  });

  it('publishes a pacote-packed module and resolves ^1.0.0 to it', async () => {
    const dir = moduleCopy(root, '1.0.0');
    const packed = await packModule(dir);
    expect(packed.manifest).toMatchObject({ name: NAME, version: '1.0.0' });
    expect(packed.integrity).toMatch(/^sha512-/);

    const result = await publishTarball({ url: server!.url, token, dir });
    expect(result).toMatchObject({ name: NAME, version: '1.0.0' });
    // pacote packs deterministically: the published bytes are the ones packModule produces.
    expect(result.integrity).toBe(packed.integrity);
    published = result;

    const resolved = await resolveVersion({ url: server!.url, name: NAME, range: '^1.0.0' });
    expect(resolved.version).toBe('1.0.0');
    expect(resolved.integrity).toBe(published.integrity);
    await expect(resolveVersion({ url: server!.url, name: NAME, range: '^2.0.0' })).rejects.toBeInstanceOf(
      NoMatchingVersionError,
    );
  });

  it('downloads the tarball and verifies it against the published integrity', async () => {
    const { tarball, integrity } = await downloadTarball({
      url: server!.url,
      name: NAME,
      version: '1.0.0',
      integrity: published.integrity,
    });
    expect(integrity).toBe(published.integrity);
    expect(ssri.checkData(tarball, published.integrity)).not.toBe(false);
    expect(tarball.equals(published.tarball)).toBe(true);
  });

  it('refuses a republish of the same version', async () => {
    const dir = moduleCopy(root, '1.0.0');
    writeFileSync(join(dir, 'README.md'), 'other bytes\n');
    await expect(publishTarball({ url: server!.url, token, dir })).rejects.toBeInstanceOf(VersionExistsError);
  });

  it('fails integrity when the stored tarball has been tampered with', async () => {
    const packageDir = join(storageDir, 'packages', '@berkeley', 'dpan-general-economy');
    const file = readdirSync(packageDir).find((f) => f.endsWith('1.0.0.tgz'));
    expect(file).toBeDefined();
    const path = join(packageDir, file!);
    const bytes = readFileSync(path);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    writeFileSync(path, bytes);
    // Against the registry's own record and against an expected (on-chain) integrity alike.
    await expect(downloadTarball({ url: server!.url, name: NAME, version: '1.0.0' })).rejects.toBeInstanceOf(
      TarballIntegrityError,
    );
    await expect(
      downloadTarball({ url: server!.url, name: NAME, version: '1.0.0', integrity: published.integrity }),
    ).rejects.toBeInstanceOf(TarballIntegrityError);
  });

  it('stops the server and removes registry.json', async () => {
    await server!.stop();
    server = undefined;
    expect(existsSync(join(storageDir, 'registry.json'))).toBe(false);
    expect(registryServerStatus(storageDir).running).toBe(false);
  });

  it('runs detached, keeps its packages and tokens across a restart, and stops by its storage directory', async () => {
    const detached = await startRegistryServer({ storageDir, detached: true });
    try {
      expect(registryServerStatus(storageDir)).toMatchObject({ running: true, pid: detached.pid });
      // The token issued before the restart still publishes: verdaccio keeps its signing secret in the storage.
      await publishTarball({ url: detached.url, token, dir: moduleCopy(root, '1.1.0') });
      const resolved = await resolveVersion({ url: detached.url, name: NAME, range: '^1.0.0' });
      expect(resolved.version).toBe('1.1.0');
    } finally {
      expect(await stopRegistryServer(storageDir)).toEqual({ stopped: true, pid: detached.pid });
    }
    expect(registryServerStatus(storageDir).running).toBe(false);
    expect(await stopRegistryServer(storageDir)).toEqual({ stopped: false });
  });
});
