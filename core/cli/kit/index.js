// The kit: what every `register(program, kit)` receives, dpan's own command groups (commands/*.js) and the
// plugins of installed packages alike. Plain JavaScript, so that declaring commands loads no TypeScript.
import { Argument, Option } from 'commander';

import { command, examples } from './help.js';
import { loadFile } from './load.js';
import { installedPackageDir } from './lockfile.js';
import {
  accountOption,
  cityOption,
  jsonOption,
  keystoreOption,
  onChain,
  onRegistry,
  passwordFileOption,
  privateKeyOption,
  registryDirOption,
  rpcOption,
  signerOptions,
} from './options.js';
import { run } from './run.js';

/**
 * The kit of one plugin (`{ name, version, dir, file, source }`; source is 'core' for dpan's own groups, 'city'
 * for a package the city installed, 'node_modules' for one installed beside dpan or in the cwd):
 * - `Option`, `Argument`: dpan's commander classes (a plugin must not bring its own commander);
 * - `options`: builders of the shared options (`city`, `rpc`, `json`, `account`, `privateKey`, `keystore`,
 *   `passwordFile`, `registryDir`) and `signer(cmd)` (all four signer options); `onChain(cmd, { signer })` adds
 *   --city, --rpc, the signer and --json, `onRegistry(cmd)` the registry network's options;
 * - `examples(...lines)`, `command(parent, nameAndArgs, description, exampleLines)`: every command has examples;
 * - `load(file)`: imports a file (URL or path), registering tsx when it is TypeScript; a `src/**.ts` file that is
 *   not there (a package published with its compiled dist/ only) is loaded from `dist/**.js`;
 * - `run(load, exportName)`: the action that imports the implementation lazily and sets the exit code;
 * - `plugin`: where the commands come from; `installedPackageDir(cityDir, name, version)`: where a city keeps a
 *   package it installed from a registry.
 */
export function createKit(plugin) {
  const origin = plugin.file === undefined ? plugin.name : `${plugin.name}, ${plugin.file}`;
  // A package a city installed has no node_modules: its bare imports may resolve from dpan's location.
  const resolveFrom = plugin.source === 'city' ? plugin.dir : undefined;
  return Object.freeze({
    plugin: Object.freeze({ ...plugin }),
    Option,
    Argument,
    options: Object.freeze({
      city: cityOption,
      rpc: rpcOption,
      json: jsonOption,
      account: accountOption,
      privateKey: privateKeyOption,
      keystore: keystoreOption,
      passwordFile: passwordFileOption,
      registryDir: registryDirOption,
      signer: signerOptions,
    }),
    onChain,
    onRegistry,
    examples,
    command,
    load: (file) => loadFile(file, { resolveFrom }),
    run: (load, exportName) => run(load, exportName, origin),
    installedPackageDir,
  });
}
