// The main entry is for browsers too: bundled by esbuild for platform 'browser', nothing it reaches, in this package
// or any it imports, may import a Node built-in. What needs one is exported from @citysync/sdk/node.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';

import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const builtins = new Set(builtinModules);

/** Bundles `entry` for the browser and returns every import of a Node built-in, as `importer -> module`. */
async function nodeImportsOf(entry: string): Promise<string[]> {
  const found: string[] = [];
  await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
    plugins: [
      {
        name: 'record-node-builtins',
        setup(bundle) {
          bundle.onResolve({ filter: /.*/ }, ({ path, importer }) => {
            if (!path.startsWith('node:') && !builtins.has(path.split('/')[0] ?? path)) return undefined;
            found.push(`${relative(repoRoot, importer)} -> ${path}`);
            // Left out of the bundle so that the build goes on and every such import is listed, not just the first.
            return { path, external: true };
          });
        },
      },
    ],
  });
  return [...new Set(found)].sort();
}

describe('@citysync/sdk main entry', () => {
  it('bundles for a browser without importing any Node built-in, from the SDK or the packages below it', async () => {
    expect(await nodeImportsOf('../src/index.ts')).toEqual([]);
  });

  it('(the check finds them: @citysync/sdk/node reads files, through @citysync/schemas/node too)', async () => {
    expect(await nodeImportsOf('../src/node.ts')).toEqual(
      expect.arrayContaining([
        'core/sdk/src/city/deployment.ts -> node:fs',
        'core/sdk/src/city/loadCity.ts -> node:fs',
        'schemas/src/node/readDocument.ts -> node:fs',
      ]),
    );
  });
});
