#!/usr/bin/env node
// `dpan-module-artifacts [dir] [--out <forge out>] [--check]`: writes a module package's artifacts/*.json from a
// forge build (writeModuleArtifacts), or with --check exits 1 when a checked-in artifact differs from the build.
// Exit 0 done, 1 stale or not built, 2 usage. Inside the monorepo it runs the TypeScript source through tsx; a
// published kit ships the compiled dist/ instead of src/.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = 'usage: dpan-module-artifacts [dir] [--out <forge output folder, default <dir>/out>] [--check]';

let options;
try {
  options = parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, check: { type: 'boolean', default: false } } });
} catch (error) {
  console.error(`dpan-module-artifacts: ${error.message}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = options;
if (positionals.length > 1) {
  console.error(`dpan-module-artifacts: one package directory, got ${positionals.length}: ${positionals.join(' ')}\n${USAGE}`);
  process.exit(2);
}

const { writeModuleArtifacts } = await loadKit();
let result;
try {
  result = writeModuleArtifacts({ dir: positionals[0] ?? '.', out: values.out, check: values.check });
} catch (error) {
  if (typeof error?.shortMessage !== 'string') throw error; // not one of the kit's errors: a defect, with its stack
  console.error(`dpan-module-artifacts: ${error.message}`);
  process.exit(1);
}
const dir = relative(process.cwd(), positionals[0] ?? '.') || '.';
for (const { path, status } of result.artifacts) {
  if (status === 'written') console.log(`wrote ${dir}/${path}`);
  if (status === 'stale') console.error(`${dir}/${path} is stale: regenerate it with \`dpan-module-artifacts ${dir}\``);
}
if (result.artifacts.some(({ status }) => status === 'stale')) process.exit(1);

async function loadKit() {
  const source = new URL('../src/moduleArtifacts.ts', import.meta.url);
  if (!existsSync(source)) return import('../dist/moduleArtifacts.js');
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(source.href, import.meta.url);
}
