#!/usr/bin/env node
// `npm run build`: every framework package's src/ compiled to dist/ (JavaScript and .d.ts) by `tsc -b` over the
// project references of the root tsconfig.json (each package's tsconfig.build.json references the packages it depends
// on, so they build first and their imports resolve to the built declarations). Then the files src/ holds besides
// TypeScript (plain-JS entry points, the dashboard's CSS and scripts, JSON) are copied to the same place in dist/,
// and outputs whose source is gone are removed, so dist/ mirrors src/ exactly.
// tsc -b is incremental: a package whose sources and dependencies did not change is not rebuilt.
// In the repository nothing needs dist/: package.json `exports` point at src/ and tsx/vitest run the source;
// scripts/publish-framework.mjs builds and publishes dist/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { readWorkspacePackages } from './workspace-packages.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOLUTION = 'tsconfig.json';
/** Outputs tsc writes for `src/x.ts`. */
const TS_OUTPUTS = ['.js', '.d.ts'];
/** Files of src/ that only document it. */
const NOT_SHIPPED = /\.md$/;

export class BuildError extends Error {
  name = 'BuildError';
}

/**
 * Builds every framework package of the monorepo at `root`; tsc prints its errors on this process's output.
 * `clean` removes dist/ first (a full rebuild). Throws {@link BuildError} when tsc reports errors.
 */
export function buildFramework({ root = ROOT, clean = false } = {}) {
  const release = acquireBuildLock(root);
  try {
    return build(root, clean);
  } finally {
    release();
  }
}

/** How long a build waits for another one (another test file, another shell) before giving up. */
const LOCK_WAIT_MS = 10 * 60_000;

/**
 * One build at a time per checkout: two tsc -b runs writing the same dist/ and .tsbuildinfo files (test files that
 * publish or stage the framework run in parallel) would corrupt each other's output. The lock is a directory holding
 * the builder's pid; a lock whose process is gone is taken over.
 */
function acquireBuildLock(root) {
  const lock = join(root, 'cache', 'build-framework.lock');
  const pidFile = join(lock, 'pid');
  const deadline = Date.now() + LOCK_WAIT_MS;
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(pidFile, String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (!isAlive(readPid(pidFile))) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new BuildError(`another build (${lock}) has held the lock for ${LOCK_WAIT_MS / 60_000} minutes; stop it or remove the lock.`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
}

function readPid(file) {
  try {
    return Number(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Whether `pid` is a running process; a lock just created (no pid written yet) counts as held. */
function isAlive(pid) {
  if (pid === undefined) return true;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function build(root, clean) {
  const started = performance.now();
  const packages = readWorkspacePackages(root).filter((pkg) => pkg.isFramework);
  if (clean) for (const pkg of packages) rmSync(join(pkg.absoluteDir, 'dist'), { recursive: true, force: true });
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-b', SOLUTION], { cwd: root, stdio: 'inherit' });
  // tsc writes its output despite type errors; the assets go beside it all the same, so dist/ is never half-made.
  for (const pkg of packages) syncAssets(pkg.absoluteDir);
  if (result.status !== 0) {
    throw new BuildError(`tsc -b ${SOLUTION} failed (exit ${result.status ?? result.signal}): fix the type errors above and build again.`);
  }
  return { packages: packages.map((pkg) => pkg.name), ms: Math.round(performance.now() - started) };
}

/** Copies src/'s non-TypeScript files to dist/ and removes dist/ files whose source is gone. */
function syncAssets(packageDir) {
  const src = join(packageDir, 'src');
  const dist = join(packageDir, 'dist');
  const sources = new Set(files(src).map((file) => relative(src, file)));
  const isAsset = (path) => !path.endsWith('.ts') && !NOT_SHIPPED.test(path);
  for (const path of sources) {
    if (!isAsset(path)) continue;
    mkdirSync(dirname(join(dist, path)), { recursive: true });
    copyFileSync(join(src, path), join(dist, path));
  }
  for (const file of files(dist)) {
    const path = relative(dist, file);
    const output = TS_OUTPUTS.find((extension) => path.endsWith(extension));
    const compiled = output !== undefined && sources.has(`${path.slice(0, -output.length)}.ts`);
    if (!compiled && !(sources.has(path) && isAsset(path)) && !path.endsWith('.tsbuildinfo')) rmSync(file);
  }
}

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--clean');
  if (unknown.length > 0) {
    console.error(`unknown argument: ${unknown.join(' ')}\nusage: node scripts/build-framework.mjs [--clean]`);
    process.exit(2);
  }
  try {
    const { packages, ms } = buildFramework({ clean: args.includes('--clean') });
    console.log(`built ${packages.length} framework packages in ${(ms / 1000).toFixed(1)} s`);
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'BuildError') throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
