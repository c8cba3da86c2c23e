// Loading an implementation, which happens in an action, never for --help. TypeScript goes through tsx (registered
// once, on the first .ts file); JavaScript is imported as it is. A package published with its compiled dist/ and
// without src/ (@citysync/cli itself, the framework packages) is loaded from dist/, so it needs no tsx.
import { existsSync } from 'node:fs';
import { register as registerHooks } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI_ROOT = new URL('../', import.meta.url);

let tsx;

async function registerTsx() {
  // viem's ES modules, loaded before tsx's hooks exist, skip them: ~0.5 s instead of ~4 s through the hooks.
  await Promise.all(['viem', 'viem/actions', 'viem/accounts', 'viem/utils'].map((specifier) => import(specifier)));
  const { register } = await import('tsx/esm/api');
  register();
}

const fallbackRoots = new Set();

/**
 * Packages a city installed (`.citysync/modules/<name>/<version>`) come without node_modules: a bare import in them
 * that resolves nowhere else is resolved from dpan's own location (the framework packages, viem, ...).
 */
function resolveFromCli(root) {
  const url = pathToFileURL(root.endsWith('/') ? root : `${root}/`).href;
  if (fallbackRoots.has(url)) return;
  fallbackRoots.add(url);
  registerHooks('./resolveFallback.js', import.meta.url, { data: { root: url, parentURL: import.meta.url } });
}

/**
 * `<package>/src/<path>.ts` when it exists; else its compiled twin `<package>/dist/<path>.js` (tsc's layout) when
 * that exists; else the file as given (its import then fails with the path in the message).
 */
export function sourceOrCompiled(url) {
  const path = fileURLToPath(url);
  if (existsSync(path)) return url;
  // Greedy: the last src/ of the path is the package's.
  const match = /^(.*)[\\/]src[\\/](.+)\.ts$/.exec(path);
  if (match === null) return url;
  const compiled = join(match[1], 'dist', `${match[2]}.js`);
  return existsSync(compiled) ? pathToFileURL(compiled) : url;
}

/**
 * Imports a file (URL or path): a `src/**.ts` file, or its compiled `dist/**.js` in a package published without
 * src/ (see {@link sourceOrCompiled}). TypeScript registers tsx first. `resolveFrom`: the root of a package installed
 * without its dependencies, whose bare imports may resolve from dpan's location.
 */
export async function loadFile(file, { resolveFrom } = {}) {
  const url = sourceOrCompiled(file instanceof URL ? file : pathToFileURL(file));
  if (/\.[cm]?ts$/.test(url.pathname)) {
    tsx ??= registerTsx();
    await tsx;
  }
  // After tsx: hooks registered later run first, so a failed resolution (tsx's included) falls back.
  if (resolveFrom !== undefined) resolveFromCli(resolveFrom);
  return import(url.href);
}

/**
 * The CLI's own implementation file, e.g. `commands/city`: `src/commands/city.ts` in a checkout (TypeScript
 * source), `dist/commands/city.js` in the published package (compiled by tsc with the same layout).
 */
export const loadImplementation = (path) => loadFile(new URL(`src/${path}.ts`, CLI_ROOT));
