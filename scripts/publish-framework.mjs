#!/usr/bin/env node
// `npm run publish:framework -- --registry <url> [--token <token>] [--no-build]`
// Publishes every framework package (the workspaces that are neither private nor dPAN modules; modules go through
// `dpan publish`) to an npm registry, in dependency order: build (npm run build), stage each package with its
// package.json pointed at dist/ (scripts/stage-package.mjs), `npm pack` it, check that the packed code refers only to
// files the tarball holds, `npm publish <tarball>`.
// Every package is staged, packed and checked before the first is published. A version the registry already has is
// skipped, so a re-run after a failure publishes what is left.
// The token (--token, or NODE_AUTH_TOKEN) reaches npm only through a temporary userconfig file, never its argv.
// Exit codes: 0 published or already there, 1 a package could not be built or published, 2 usage error.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { buildFramework } from './build-framework.mjs';
import { missingReferences, stagePackage } from './stage-package.mjs';
import { dependencyOrder, readWorkspacePackages } from './workspace-packages.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `usage: npm run publish:framework -- --registry <url> [--token <token>] [--no-build]

  --registry <url>  npm registry to publish to (http or https)
  --token <token>   auth token for it (default: $NODE_AUTH_TOKEN; without one: your npm login for that registry)
  --no-build        publish the dist/ folders as they are instead of running npm run build first`;
/** npm's words for "this version exists", when the registry had it although the check before said it did not. */
const ALREADY_PUBLISHED = /EPUBLISHCONFLICT|cannot publish over|previously published|E409\b/i;

export class PublishError extends Error {
  name = 'PublishError';
}

class UsageError extends Error {
  name = 'UsageError';
}

/** The registry URL and token from argv, or a {@link UsageError}. */
export function parsePublishArguments(argv, env = process.env) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        registry: { type: 'string' },
        token: { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error.message);
  }
  if (values.help) return { help: true };
  if (values.registry === undefined) throw new UsageError('--registry <url> is required.');
  let url;
  try {
    url = new URL(values.registry);
  } catch {
    throw new UsageError(`--registry ${values.registry} is not a URL (e.g. http://127.0.0.1:4873).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--registry ${values.registry} must be an http or https URL.`);
  }
  const token = values.token ?? (env.NODE_AUTH_TOKEN || undefined);
  if (token === '') throw new UsageError('--token is empty.');
  return { help: false, registry: url.href.replace(/\/+$/, ''), token, build: !values['no-build'] };
}

/**
 * Builds (unless `build` is false) and publishes every framework package in dependency order. `log` receives one
 * line per package. Resolves to what happened to each; rejects with a {@link PublishError} on the first failure.
 */
export async function publishFramework({ root = ROOT, registry, token, build = true, log = console.log }) {
  const packages = dependencyOrder(readWorkspacePackages(root).filter((pkg) => pkg.isFramework));
  if (build) {
    const { ms } = buildFramework({ root });
    log(`built ${packages.length} framework packages in ${(ms / 1000).toFixed(1)} s`);
  }
  const work = mkdtempSync(join(tmpdir(), 'citysync-publish-'));
  try {
    // Without a token, npm's own configuration (its login for this registry) applies.
    const userconfig = token === undefined ? undefined : join(work, 'npmrc');
    if (userconfig !== undefined) writeFileSync(userconfig, npmrc(registry, token), { mode: 0o600 });
    // Every package is checked and packed before the first is published: a package that cannot be published
    // stops the run before anything is written.
    const plan = [];
    for (const pkg of packages) {
      const published = await isPublished(registry, pkg.name, pkg.manifest.version, token);
      plan.push({ pkg, tarball: published ? undefined : await pack(pkg, join(work, pkg.name.replace('/', '+')), work) });
    }
    const results = [];
    for (const { pkg, tarball } of plan) {
      const id = `${pkg.name}@${pkg.manifest.version}`;
      const skip = () => {
        log(`${id} is already on ${registry}: skipped`);
        results.push({ name: pkg.name, version: pkg.manifest.version, status: 'skipped' });
      };
      if (tarball === undefined) {
        skip();
        continue;
      }
      const npm = await runNpm(['publish', tarball, '--registry', registry, '--access', 'public', '--ignore-scripts'], {
        cwd: work,
        userconfig,
      });
      const output = redact(`${npm.stdout}${npm.stderr}`, token).trim();
      if (npm.code !== 0 && ALREADY_PUBLISHED.test(output)) {
        skip();
        continue;
      }
      if (npm.code !== 0) {
        throw new PublishError(
          `npm publish of ${id} to ${registry} failed (exit ${npm.code}); the packages before it in dependency order ` +
            `are published, a re-run skips them.\n${tail(output)}`,
        );
      }
      log(`published ${id} to ${registry}`);
      results.push({ name: pkg.name, version: pkg.manifest.version, status: 'published' });
    }
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Stages `pkg` and packs it with npm (the files npm would publish), refusing a package whose JavaScript refers to a
 * file it does not ship. Resolves to the tarball's path: what is checked is what is published.
 */
async function pack(pkg, stageDir, destination) {
  stagePackage(pkg, stageDir);
  const npm = await runNpm(['pack', stageDir, '--json', '--pack-destination', destination, '--ignore-scripts'], { cwd: destination });
  let packed;
  try {
    [packed] = JSON.parse(npm.stdout);
  } catch {
    packed = undefined;
  }
  if (npm.code !== 0 || packed === undefined) {
    throw new PublishError(`npm pack of ${pkg.name} failed (exit ${npm.code}).\n${tail(`${npm.stdout}${npm.stderr}`.trim())}`);
  }
  const missing = missingReferences(stageDir, packed.files.map((file) => file.path));
  if (missing.length > 0) {
    throw new PublishError(
      `${pkg.name} would be published without files its code refers to:\n` +
        missing.map((m) => `  ${m.file}:${m.line} ${m.kind} '${m.specifier}' (${m.path})`).join('\n') +
        `\nAdd them to "files" in ${pkg.dir}/package.json, or fix the reference.`,
    );
  }
  return join(destination, packed.filename);
}

/** The userconfig npm reads instead of the user's: the registry, and the token scoped to it alone. */
function npmrc(registry, token) {
  const url = new URL(`${registry}/`);
  const lines = [`registry=${url.href}`];
  if (token !== undefined) lines.push(`//${url.host}${url.pathname}:_authToken=${token}`);
  return `${lines.join('\n')}\n`;
}

/** Whether the registry has `name@version`: its packument lists the version (404: the package is new). */
async function isPublished(registry, name, version, token) {
  const url = `${registry}/${name.replace('/', '%2f')}`;
  let response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new PublishError(`could not reach ${registry} (GET ${url}): ${error.cause?.message ?? error.message}. Is the registry running?`);
  }
  if (response.status === 404) return false;
  if (response.status === 401 || response.status === 403) {
    throw new PublishError(`${registry} refused to read ${name} (HTTP ${response.status}): check --token.`);
  }
  if (!response.ok) throw new PublishError(`${registry} answered HTTP ${response.status} for GET ${url}.`);
  const packument = await response.json().catch(() => undefined);
  if (packument === null || typeof packument !== 'object') {
    throw new PublishError(`${registry} answered GET ${url} with something that is not a package document.`);
  }
  return packument.versions?.[version] !== undefined;
}

/** Runs npm (with only our userconfig when given: the token never goes in argv); collects its output. */
function runNpm(args, { cwd, userconfig }) {
  // Under `npm run`, npm_execpath is the npm that runs us: use the same one (another package manager's is not npm).
  const cli = process.env.npm_execpath;
  const [command, prefix] = cli !== undefined && basename(cli) === 'npm-cli.js' ? [process.execPath, [cli]] : ['npm', []];
  return new Promise((resolvePromise, reject) => {
    const config = userconfig === undefined ? [] : ['--userconfig', userconfig];
    const child = spawn(command, [...prefix, ...args, ...config], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', (error) => reject(new PublishError(`could not run npm (${command}): ${error.message}`)));
    child.once('close', (code) => resolvePromise({ code: code ?? 1, stdout, stderr }));
  });
}

const redact = (text, token) => (token === undefined ? text : text.split(token).join('***'));
const tail = (text) => text.split('\n').slice(-25).join('\n');

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options;
  try {
    options = parsePublishArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
  } else {
    try {
      const results = await publishFramework(options);
      const published = results.filter((r) => r.status === 'published').length;
      console.log(`${published} published, ${results.length - published} already on ${options.registry}`);
    } catch (error) {
      if (!(error instanceof Error) || !['PublishError', 'BuildError', 'StageError', 'WorkspaceError'].includes(error.name)) {
        throw error;
      }
      console.error(error.message);
      process.exitCode = 1;
    }
  }
}
