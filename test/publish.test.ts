// `npm run publish:framework` for real: the framework packages built, staged and published by npm to a verdaccio on
// loopback, then installed from it into a fresh folder and imported by plain node (no tsx, no repository).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addRegistryUser, startRegistryServer, type StartRegistryServerReturnType } from '@citysync/registry';

import { publishFramework } from '../scripts/publish-framework.mjs';
import { distExports, missingReferences, publishedManifest } from '../scripts/stage-package.mjs';
import { readWorkspacePackages, workspaceDependencies } from '../scripts/workspace-packages.mjs';
import { mirrorDependencies } from './utils/mirrorDependencies.js';
import { writeWorkspaceFixture } from './utils/workspaceFixture.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SCRIPT = join(ROOT, 'scripts/publish-framework.mjs');
const TSC = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
const packages = readWorkspacePackages(ROOT);
const framework = packages.filter((p) => p.isFramework);
const sdkVersion = framework.find((p) => p.name === '@citysync/sdk')!.manifest.version;

type RunResult = { code: number | null; stdout: string; stderr: string };

/** Runs a command to its end; `env` replaces the variables it names (undefined removes one). */
function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string | undefined> }) {
  const env = Object.fromEntries(
    Object.entries({ ...process.env, ...options.env }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return new Promise<RunResult>((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

const publish = (args: string[], env: Record<string, string | undefined> = {}) =>
  run(process.execPath, [SCRIPT, ...args], { cwd: ROOT, env: { NODE_AUTH_TOKEN: undefined, ...env } });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('the published package.json', () => {
  it('points exports at dist/ (types and JavaScript) and publishes dist/ instead of src/', () => {
    const manifest = publishedManifest({
      name: '@citysync/example',
      bin: { example: './bin/example.js' },
      exports: {
        '.': './src/index.ts',
        './node': { types: './src/node.ts', default: './src/node.ts' },
        './tool': { types: './tool.d.mts', default: './tool.mjs' },
        './*.schema.json': './*.schema.json',
        './package.json': './package.json',
      },
      files: ['contracts/', 'src/', 'README.md'],
    });
    expect(manifest).toEqual({
      name: '@citysync/example',
      bin: { example: './bin/example.js' },
      exports: {
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        './node': { types: './dist/node.d.ts', default: './dist/node.js' },
        './tool': { types: './tool.d.mts', default: './tool.mjs' },
        './*.schema.json': './*.schema.json',
        './package.json': './package.json',
      },
      files: ['contracts/', 'dist/', 'README.md'],
    });
    expect(distExports('./src/generated/abis.ts')).toEqual({
      types: './dist/generated/abis.d.ts',
      default: './dist/generated/abis.js',
    });
  });

  it("lists what the packed code refers to but the tarball lacks (src/X.ts is there when dist/X.js is)", () => {
    const stage = mkdtempSync(join(tmpdir(), 'citysync-stage-'));
    try {
      const write = (path: string, text: string) => {
        mkdirSync(dirname(join(stage, path)), { recursive: true });
        writeFileSync(join(stage, path), text);
      };
      write('bin/tool.js', "import '../kit/run.js';\nimport '../kit/gone.js';\nconst impl = new URL('../src/impl.ts', import.meta.url);\nexport { impl };\n");
      write('kit/run.js', "export const templates = new URL('../templates/', import.meta.url);\nexport const css = new URL('../static/page.css', import.meta.url);\n");
      write('dist/impl.js', "import { x } from './x.js';\nimport 'viem';\nexport { x };\n");
      const packed = ['package.json', 'bin/tool.js', 'kit/run.js', 'dist/impl.js', 'templates/city.json'];
      expect(missingReferences(stage, packed).map((m) => `${m.file}:${m.line} ${m.path}`)).toEqual([
        'bin/tool.js:2 kit/gone.js',
        'dist/impl.js:1 dist/x.js',
        'kit/run.js:2 static/page.css',
      ]);
    } finally {
      rmSync(stage, { recursive: true, force: true });
    }
  });
});

describe('npm run publish:framework', () => {
  let work: string;
  let server: StartRegistryServerReturnType | undefined;
  let token: string;
  /** An empty npm userconfig: what a fresh machine has. */
  let userconfig: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'citysync-publish-test-'));
    userconfig = join(work, 'npmrc');
    writeFileSync(userconfig, '');
    server = await startRegistryServer({ storageDir: join(work, 'registry') });
    ({ token } = await addRegistryUser({
      url: server.url,
      username: 'framework',
      password: 'framework-publisher-pw',
      email: 'framework@citysync.example',
    }));
  });

  afterAll(async () => {
    await server?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('refuses bad usage with exit 2 and the usage', async () => {
    for (const args of [[], ['--registry', 'not a url'], ['--registry', 'ftp://127.0.0.1/'], ['--registry', server!.url, '--tag', 'next']]) {
      const result = await publish(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/usage: npm run publish:framework -- --registry <url>/);
    }
  });

  it('publishes nothing when one package cannot be published: every package is packed and checked first', async () => {
    const built = {
      'src/index.ts': 'export const a = 1;\n',
      'dist/index.js': 'export const a = 1;\n',
      'dist/index.d.ts': 'export declare const a = 1;\n',
    };
    const root = writeWorkspaceFixture(join(work, 'fixture'), {
      a: { manifest: { name: '@fixture/a', exports: { '.': './src/index.ts' }, files: ['src/'] }, files: built },
      b: {
        manifest: {
          name: '@fixture/b',
          dependencies: { '@fixture/a': '^0.1.0' },
          exports: { '.': './src/index.ts', './extra': './src/extra.ts' },
          files: ['src/'],
        },
        files: { ...built, 'src/extra.ts': 'export const extra = 2;\n' },
      },
    });
    await expect(publishFramework({ root, registry: server!.url, token, build: false, log: () => {} })).rejects.toThrow(
      /@fixture\/b would be published without \.\/dist\/extra\.d\.ts \(exports\["\.\/extra"\]\["types"\]\), \.\/dist\/extra\.js/,
    );
    expect((await fetch(`${server!.url}/@fixture%2fa`)).status).toBe(404);
  });

  it('builds, then publishes every framework package after the packages it depends on', { timeout: 900_000 }, async () => {
    const result = await publish(['--registry', server!.url, '--token', token]);
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    const published = [...result.stdout.matchAll(/^published (\S+)@\S+ to /gm)].map((match) => match[1]!);
    expect([...published].sort()).toEqual(framework.map((p) => p.name).sort());
    for (const p of framework) {
      for (const dependency of workspaceDependencies(p, packages)) {
        expect(published.indexOf(dependency), `${dependency} before ${p.name}`).toBeLessThan(published.indexOf(p.name));
      }
    }
    expect(`${result.stdout}${result.stderr}`).not.toContain(token);
  });

  it('says which versions are already there and skips them on a re-run (token from NODE_AUTH_TOKEN)', async () => {
    const result = await publish(['--registry', server!.url, '--no-build'], { NODE_AUTH_TOKEN: token });
    expect(result.code, result.stderr).toBe(0);
    for (const p of framework) {
      expect(result.stdout).toContain(`${p.name}@${p.manifest.version} is already on ${server!.url}: skipped`);
    }
    expect(result.stdout).toMatch(new RegExp(`^0 published, ${framework.length} already on `, 'm'));
  });

  it('fails with exit 1 and says why when the registry does not answer', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await publish(['--registry', url, '--no-build', '--token', token]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`could not reach ${url} .*Is the registry running\\?`));
  });

  it('npm view shows @citysync/sdk with exports into dist/', async () => {
    const result = await run('npm', ['view', '@citysync/sdk', '--json', '--registry', server!.url, '--userconfig', userconfig], {
      cwd: work,
    });
    expect(result.code, result.stderr).toBe(0);
    const view = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(view).toMatchObject({
      name: '@citysync/sdk',
      version: sdkVersion,
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    });
    expect(view['files']).toContain('dist/');
    expect(view['files']).not.toContain('src/');
  });

  it('installs @citysync/sdk into a fresh folder, where plain node imports it and tsc reads its types', { timeout: 600_000 }, async () => {
    // The registry has no uplinks: the packages the SDK needs from npmjs come from this repository's node_modules.
    await mirrorDependencies({ root: ROOT, packages: ['@citysync/sdk'], url: server!.url, token });
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    const install = await run(
      'npm',
      ['install', '@citysync/sdk', '--registry', server!.url, '--userconfig', userconfig, '--cache', join(work, 'npm-cache'), '--no-audit', '--no-fund'],
      { cwd: app },
    );
    expect(install.code, install.stderr).toBe(0);
    const installed = join(app, 'node_modules/@citysync/sdk');
    expect(existsSync(join(installed, 'dist/index.js'))).toBe(true);
    expect(existsSync(join(installed, 'dist/index.d.ts'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);

    const imported = await run(process.execPath, ['-e', "import('@citysync/sdk').then(m => console.log(Object.keys(m).length))"], {
      cwd: app,
      env: { NODE_OPTIONS: undefined },
    });
    expect(imported.code, imported.stderr).toBe(0);
    const fromSource = await import('@citysync/sdk');
    expect(Number(imported.stdout.trim())).toBe(Object.keys(fromSource).length);

    // The declarations resolve through the other published packages (CitySyncError comes from @citysync/schemas).
    writeFileSync(
      join(app, 'index.ts'),
      "import { CitySyncError, toJson } from '@citysync/sdk';\nconst error: Error = new CitySyncError('x');\nconst text: string = toJson({ a: 1n });\nconsole.log(error, text);\n",
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: [] },
        files: ['index.ts'],
      }),
    );
    const typecheck = await run(process.execPath, [TSC, '-p', app], { cwd: app });
    expect(typecheck.code, typecheck.stdout).toBe(0);
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))).toMatchObject({ version: sdkVersion });
  });
});
