#!/usr/bin/env node
// `dpan-forge <forge arguments>`: forge for a module package, e.g. `dpan-forge test` as its `npm test` runs it.
// - Runs forge's platform binary found from the package's directory, and exits with forge's exit code: the npm
//   `forge` wrapper of @foundry-rs/forge 1.7.1 exits 0 even when forge fails.
// - Compiles with the npm `solc` behind ./solc.cjs, so forge downloads no compiler (FOUNDRY_SOLC, when set, wins).
// - A remapping into node_modules/ names a package: when it is not in the package's own node_modules (an npm
//   workspace hoists dependencies to the workspace root), it is pointed at the copy Node would load, so the same
//   foundry.toml builds a standalone checkout and a workspace member.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { foundryBinary } from '@citysync/contracts/foundry-tool';

const SOLC = fileURLToPath(new URL('./solc.cjs', import.meta.url));

const root = projectRoot(process.cwd());
const found = foundryBinary('forge', pathToFileURL(join(root, 'package.json')).href);
if (found.binary === undefined) {
  console.error(`dpan-forge: ${found.reason}. Add "@foundry-rs/forge": "1.7.1" to the package's devDependencies.`);
  process.exit(1);
}
const forge = found.binary;

const env = { ...process.env };
env.FOUNDRY_SOLC ??= SOLC;
if (env.FOUNDRY_REMAPPINGS === undefined) {
  const remappings = hoistedRemappings(forge, root, env);
  if (remappings !== undefined) env.FOUNDRY_REMAPPINGS = remappings.join('\n');
}

const result = spawnSync(forge, process.argv.slice(2), { stdio: 'inherit', env });
if (result.error !== undefined) {
  console.error(`dpan-forge: cannot run ${forge}: ${result.error.message}`);
  process.exit(1);
}
if (result.signal !== null) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);

/** The directory forge takes as the project: the nearest one, from `dir` up, holding a foundry.toml. */
function projectRoot(dir) {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, 'foundry.toml'))) return current;
    if (dirname(current) === current) return resolve(dir);
  }
}

/**
 * The project's remappings with each `node_modules/<package>/...` target that is missing under `root` pointed at
 * the package in the nearest ancestor's node_modules (Node's own lookup); undefined when none needs it.
 */
function hoistedRemappings(forge, root, env) {
  const config = spawnSync(forge, ['config', '--json'], { cwd: root, env, encoding: 'utf8' });
  if (config.status !== 0) return undefined; // forge itself reports what is wrong with the configuration
  const { remappings = [] } = JSON.parse(config.stdout);
  let moved = false;
  const resolved = remappings.map((remapping) => {
    const at = remapping.indexOf('=');
    const target = remapping.slice(at + 1).replace(/^\.\//, '');
    if (!target.startsWith('node_modules/') || existsSync(join(root, target))) return remapping;
    const parts = target.slice('node_modules/'.length).split('/');
    const name = parts.slice(0, parts[0]?.startsWith('@') ? 2 : 1).join('/');
    const rest = target.slice(`node_modules/${name}`.length);
    for (let dir = dirname(root); ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'node_modules', name))) {
        moved = true;
        return `${remapping.slice(0, at + 1)}${join(dir, 'node_modules', name)}${rest}`;
      }
      if (dirname(dir) === dir) return remapping;
    }
  });
  return moved ? resolved : undefined;
}
