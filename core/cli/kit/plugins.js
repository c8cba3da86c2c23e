// Commands contributed by packages: a package.json with `"dpan": { "commands": "<file>" }` names a plain JavaScript
// file exporting `register(program, kit)`. Discovery only reads package.json files (and the city's lockfile), and a
// register file only declares commands, so --help stays fast; implementations load in the action.
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

import { Command } from 'commander';

import { lockedPackages } from './lockfile.js';

/**
 * The package at `dir` as a plugin `{ name, version, dir, file, source }`, a `{ problem }` when its dpan field is
 * malformed, or undefined when it has none. Only a package.json that mentions "dpan" is parsed.
 */
export function readPlugin(dir, source) {
  const manifest = join(dir, 'package.json');
  let text;
  try {
    text = readFileSync(manifest, 'utf8');
  } catch {
    return undefined;
  }
  if (!text.includes('"dpan"')) return undefined;
  let pkg;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    return { name: dir, file: manifest, source, problem: `${manifest} is not valid JSON (${error.message})` };
  }
  if (pkg === null || typeof pkg !== 'object' || pkg.dpan === undefined) return undefined;
  const name = typeof pkg.name === 'string' ? pkg.name : dir;
  const commands = pkg.dpan?.commands;
  if (typeof commands !== 'string' || commands === '') {
    return { name, file: manifest, source, problem: `${manifest}#/dpan/commands: expected the path of a JavaScript file exporting register(program, kit)` };
  }
  const file = resolve(dir, commands);
  const inside = relative(dir, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..') {
    return { name, file: manifest, source, problem: `${manifest}#/dpan/commands: "${commands}" is outside the package` };
  }
  return { name, version: typeof pkg.version === 'string' ? pkg.version : undefined, dir, file, source };
}

/** Every package directory of a node_modules folder: `<name>` and `@<scope>/<name>`. */
function packagesIn(nodeModules) {
  let names;
  try {
    names = readdirSync(nodeModules);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    if (name.startsWith('.')) return [];
    if (!name.startsWith('@')) return [join(nodeModules, name)];
    try {
      return readdirSync(join(nodeModules, name)).map((scoped) => join(nodeModules, name, scoped));
    } catch {
      return [];
    }
  });
}

/** The node_modules folders the CLI resolves from (its directory and every ancestor's), after the cwd's. */
function nodeModulesFolders(cliDir, cwd) {
  const folders = [join(cwd, 'node_modules')];
  for (let dir = cliDir; ; dir = dirname(dir)) {
    if (basename(dir) !== 'node_modules') folders.push(join(dir, 'node_modules'));
    if (dirname(dir) === dir) break;
  }
  return [...new Set(folders)];
}

/**
 * The plugins dpan loads, in precedence order: the packages the city of `--city` installed (its dpan-lock.json),
 * then the packages in the cwd's node_modules, then those beside the CLI. A package seen twice (a workspace link,
 * the same name in two folders) counts once, at its first place. Returns the plugins and the problems found.
 */
export function discoverPlugins({ cliDir, cwd, cityDir }) {
  const plugins = [];
  const problems = [];
  const seen = new Set();
  const add = (found) => {
    if (found === undefined) return;
    if (found.problem !== undefined) {
      problems.push(found);
      return;
    }
    let real;
    try {
      real = realpathSync(found.dir);
    } catch {
      real = found.dir;
    }
    if (seen.has(real) || seen.has(`name:${found.name}`)) return;
    seen.add(real).add(`name:${found.name}`);
    plugins.push({ ...found, dir: real, file: join(real, relative(found.dir, found.file)) });
  };
  try {
    for (const locked of lockedPackages(cityDir)) add(readPlugin(locked.dir, 'city'));
  } catch (error) {
    problems.push({ name: 'the city', file: join(cityDir, 'dpan-lock.json'), source: 'city', problem: error.shortMessage ?? error.message });
  }
  for (const folder of nodeModulesFolders(cliDir, cwd)) for (const dir of packagesIn(folder)) add(readPlugin(dir, 'node_modules'));
  return { plugins, problems };
}

const where = (plugin) => `${plugin.name} (${plugin.file})`;

function warn(plugin, reason) {
  process.stderr.write(`dpan: the commands of ${where(plugin)} were not loaded: ${reason.replace(/\.$/, '')}. Other commands work.\n`);
}

/**
 * Imports each plugin's register file and adds the commands it declares. A plugin that fails (import, no register
 * function, an error while declaring) is reported on stderr, naming the package and the file; the others load.
 * A command name already taken stays with its first owner: dpan's own commands, then the plugins in precedence
 * order (a city's installed module quietly takes precedence over the same commands beside the CLI).
 */
export async function registerPlugins(program, { plugins, problems }, createKit) {
  for (const problem of problems) warn(problem, problem.problem);
  const owners = new Map(program.commands.map((cmd) => [cmd.name(), undefined]));
  for (const plugin of plugins) {
    if (!existsSync(plugin.file)) {
      warn(plugin, 'the file does not exist (package.json#/dpan/commands names it): reinstall the package');
      continue;
    }
    let register;
    try {
      ({ register } = await import(pathToFileURL(plugin.file).href));
    } catch (error) {
      warn(plugin, error.message);
      continue;
    }
    if (typeof register !== 'function') {
      warn(plugin, 'the file exports no register(program, kit) function');
      continue;
    }
    // Declared on a scratch root first: a plugin that throws half-way adds nothing.
    const scratch = new Command(program.name()).copyInheritedSettings(program);
    try {
      await register(scratch, createKit(plugin));
    } catch (error) {
      warn(plugin, `register(program, kit) threw: ${error.message}`);
      continue;
    }
    for (const cmd of scratch.commands) {
      const name = cmd.name();
      if (!owners.has(name)) {
        owners.set(name, plugin);
        program.addCommand(cmd);
        continue;
      }
      const owner = owners.get(name);
      if (owner?.source === 'city' && plugin.source !== 'city') continue;
      const first = owner === undefined ? 'dpan itself' : where(owner);
      process.stderr.write(`dpan: \`${program.name()} ${name}\` of ${where(plugin)} was not added: ${first} declares it first.\n`);
    }
  }
}
