#!/usr/bin/env node
// The dependency rules of the monorepo, checked over package.json files and the imports of each package's code
// (src/, bin/, its entry points and what they import; tests are free to reach across packages):
//   cycle          no cycle between workspace packages, by their package.json dependencies or by their imports
//   module-import  no framework package imports a dPAN module (a package with dpan.json, or named @citysync/dpan-*)
//   cli-import     nothing but @citysync/cli imports @citysync/cli's files
//   undeclared     every package a package imports is one of its dependencies (or a Node built-in)
//   relative-path  no relative import or `new URL(..., import.meta.url)` leaves the package's folder
// `node scripts/check-dependency-rules.mjs [root]` prints the violations and exits 1 when there are any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { codeReferences } from './code-references.mjs';
import {
  findCycles,
  readWorkspacePackages,
  RUNTIME_DEPENDENCY_FIELDS,
  workspaceDependencies,
} from './workspace-packages.mjs';

const CLI = '@citysync/cli';
const CODE = /\.(?:[cm]?[jt]s|tsx)$/;
const TEST_FILE = /\.(?:test|spec)\.[cm]?[jt]sx?$/;
/** Folders of a package that hold code it ships; besides them, code files at the package's top level count. */
const CODE_DIRS = ['src', 'bin'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test', 'tests', '__tests__', 'fixtures']);
/** Published folders that hold files a package renders or copies for others (the scaffolder's), not its own code. */
const TEMPLATE_DIRS = new Set(['templates']);
const BUILTINS = new Set(builtinModules);

/** Every violation of the dependency rules in the monorepo at `root`, sorted by rule, then file. */
export function checkDependencyRules(root) {
  const rootDir = resolve(root);
  const packages = readWorkspacePackages(rootDir);
  const references = packages.flatMap((pkg) => codeFiles(pkg).flatMap((file) => fileReferences(file, pkg)));
  const resolved = references.map((reference) => ({ ...reference, target: targetPackage(reference, packages) }));
  const violations = [
    ...cycleViolations(packages, resolved),
    ...moduleImportViolations(packages, resolved),
    ...cliImportViolations(resolved),
    ...undeclaredViolations(resolved),
    ...relativePathViolations(rootDir, resolved),
  ];
  return violations
    .map((v) => ({ ...v, file: v.file === undefined ? undefined : relative(rootDir, v.file).split(sep).join('/') }))
    .map((v) => ({ ...v, message: v.message.replaceAll(`${rootDir}${sep}`, '') }))
    .sort((a, b) => a.rule.localeCompare(b.rule) || (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line);
}

/**
 * A package's code: everything under src/, bin/ and the folders it publishes (`files`), the files its entry points name (`exports`, `bin`, `main`, the
 * `dpan` commands file), the top-level code files it publishes (`files`), and every code file those import by
 * relative path, transitively. Tests, fixtures, templates and a vitest.config.ts that nothing imports stay out.
 */
function codeFiles(pkg) {
  const inPackage = (path) => path.startsWith(pkg.absoluteDir + sep) && !path.split(sep).includes('node_modules');
  const isCode = (path) => CODE.test(path) && !TEST_FILE.test(path) && existsSync(path) && statSync(path).isFile();
  const published = Array.isArray(pkg.manifest.files) ? pkg.manifest.files.map((f) => f.replace(/^\.\//, '')) : [];
  const seeds = [
    ...CODE_DIRS.flatMap((dir) => walk(join(pkg.absoluteDir, dir))),
    ...entryPoints(pkg.manifest).map((path) => resolve(pkg.absoluteDir, path)),
    ...published.map((path) => join(pkg.absoluteDir, path)),
    // A published folder of code (the CLI's commands/ and kit/) is walked like src/.
    ...published
      .map((path) => join(pkg.absoluteDir, path))
      .filter((path) => existsSync(path) && statSync(path).isDirectory())
      .filter((path) => !SKIPPED_DIRS.has(basename(path)) && !TEMPLATE_DIRS.has(basename(path)))
      .flatMap((path) => walk(path)),
  ].filter((path) => inPackage(path) && isCode(path));
  const found = new Set(seeds);
  const queue = [...found];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const { specifier } of codeReferences(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const path = resolve(dirname(file), specifier);
      if (found.has(path) || !inPackage(path) || !isCode(path)) continue;
      found.add(path);
      queue.push(path);
    }
  }
  return [...found].sort();
}

/** The relative paths a package.json names as code to run: `exports` targets (no patterns), `bin`, `main`, `dpan`. */
function entryPoints(manifest) {
  const paths = [];
  const visit = (value) => {
    if (typeof value === 'string') {
      if (!value.startsWith('/') && !value.includes(':') && !value.includes('*')) paths.push(value);
    } else if (value !== null && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  visit(manifest.exports);
  visit(manifest.bin);
  visit(manifest.main);
  visit(manifest.dpan?.commands);
  return paths;
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : walk(path);
    return entry.isFile() && CODE.test(entry.name) && !TEST_FILE.test(entry.name) ? [path] : [];
  });
}

/** The references of one file (scripts/code-references.mjs), with where they come from. */
function fileReferences(file, pkg) {
  return codeReferences(readFileSync(file, 'utf8')).map((reference) => ({ ...reference, file, from: pkg }));
}

/** The workspace package a reference reaches (by name, or by a relative path into its folder), if any. */
function targetPackage(reference, packages) {
  if (reference.specifier.startsWith('.')) {
    const path = resolve(dirname(reference.file), reference.specifier);
    return packages
      .filter((p) => path === p.absoluteDir || path.startsWith(p.absoluteDir + sep))
      .sort((a, b) => b.absoluteDir.length - a.absoluteDir.length)[0];
  }
  const name = packageName(reference.specifier);
  return packages.find((p) => p.name === name);
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const where = (r) => `${r.file}:${r.line}`;

function cycleViolations(packages, references) {
  const byDependencies = new Map(packages.map((p) => [p.name, new Set(workspaceDependencies(p, packages))]));
  const byImports = new Map(packages.map((p) => [p.name, new Set()]));
  const evidence = new Map();
  for (const r of references) {
    if (r.target === undefined || r.target === r.from) continue;
    byImports.get(r.from.name).add(r.target.name);
    const key = `${r.from.name} -> ${r.target.name}`;
    if (!evidence.has(key)) evidence.set(key, `${r.from.name} -> ${r.target.name} (${where(r)} ${r.kind}s '${r.specifier}')`);
  }
  const dependencyCycles = findCycles(byDependencies).map((cycle) => ({
    rule: 'cycle',
    packages: cycle.members,
    line: 0,
    message:
      `package.json dependencies form a cycle: ${cycle.path.join(' -> ')}. ` +
      'Remove the dependency that points back down the graph (contracts <- module-kit <- sdk <- devnet, indexer, registry, dashboard <- cli).',
  }));
  const importCycles = findCycles(byImports).map((cycle) => {
    const inside = cycle.members.flatMap((from) =>
      [...byImports.get(from)].filter((to) => cycle.members.includes(to)).map((to) => evidence.get(`${from} -> ${to}`)),
    );
    return {
      rule: 'cycle',
      packages: cycle.members,
      line: 0,
      message:
        `imports form a cycle: ${cycle.path.join(' -> ')}; the imports between ${cycle.members.join(', ')}: ` +
        `${inside.join('; ')}. Move what the lower package needs down into it (or into a package both depend on).`,
    };
  });
  return [...dependencyCycles, ...importCycles];
}

function moduleImportViolations(packages, references) {
  const fromDependencies = packages
    .filter((p) => !p.isModule && p.manifest.private !== true)
    .flatMap((p) =>
      workspaceDependencies(p, packages)
        .filter((name) => packages.find((q) => q.name === name).isModule)
        .map((name) => ({
          rule: 'module-import',
          packages: [p.name, name],
          file: join(p.absoluteDir, 'package.json'),
          line: 0,
          message: `${p.name} depends on the dPAN module ${name}: the framework never depends on a module; remove it from package.json.`,
        })),
    );
  const fromImports = references
    .filter((r) => r.target?.isModule && !r.from.isModule && r.from.manifest.private !== true)
    .map((r) => ({
      rule: 'module-import',
      packages: [r.from.name, r.target.name],
      file: r.file,
      line: r.line,
      message:
        `${r.from.name} ${r.kind}s '${r.specifier}' (the dPAN module ${r.target.name}): the framework never imports a module; ` +
        'let the module contribute what it needs (its own dpan commands, its task policy) instead.',
    }));
  return [...fromDependencies, ...fromImports];
}

function cliImportViolations(references) {
  return references
    .filter((r) => r.target?.name === CLI && r.from.name !== CLI)
    .map((r) => ({
      rule: 'cli-import',
      packages: [r.from.name, CLI],
      file: r.file,
      line: r.line,
      message: `${r.from.name} ${r.kind}s '${r.specifier}' (${CLI}): only the CLI uses its files; move what is shared into a package below it.`,
    }));
}

/** One violation per package and undeclared dependency, at its first import. */
function undeclaredViolations(references) {
  const undeclared = new Map();
  for (const r of references) {
    if (r.kind !== 'import' || r.specifier.startsWith('.') || r.specifier.startsWith('/')) continue;
    if (r.specifier.startsWith('node:') || BUILTINS.has(r.specifier.split('/')[0])) continue;
    const name = packageName(r.specifier);
    if (name === r.from.name || RUNTIME_DEPENDENCY_FIELDS.some((field) => r.from.manifest[field]?.[name] !== undefined)) continue;
    const key = `${r.from.name} ${name}`;
    undeclared.set(key, [...(undeclared.get(key) ?? []), r]);
  }
  return [...undeclared.values()].map(([first, ...more]) => {
    const name = packageName(first.specifier);
    const others = more.length === 0 ? '' : ` and ${more.length} more import(s)`;
    return {
      rule: 'undeclared',
      packages: [first.from.name, name],
      file: first.file,
      line: first.line,
      message:
        `${first.from.name} imports '${first.specifier}'${others} but ${name} is not in its package.json dependencies: ` +
        'add it there (or stop importing it).',
    };
  });
}

function relativePathViolations(rootDir, references) {
  return references
    .filter((r) => r.specifier.startsWith('.'))
    .filter((r) => {
      const path = resolve(dirname(r.file), r.specifier);
      return path !== r.from.absoluteDir && !path.startsWith(r.from.absoluteDir + sep);
    })
    .map((r) => {
      const path = relative(rootDir, resolve(dirname(r.file), r.specifier)).split(sep).join('/');
      return {
        rule: 'relative-path',
        packages: [r.from.name, ...(r.target ? [r.target.name] : [])],
        file: r.file,
        line: r.line,
        message:
          `${r.from.name} ${r.kind}s '${r.specifier}', outside its folder (${path}): ` +
          (r.target ? `import ${r.target.name} by its package name.` : 'a published package has no such file; ship it in the package.'),
      };
    });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const violations = checkDependencyRules(root);
  for (const v of violations) console.log(`${v.rule}: ${v.file === undefined ? '' : `${v.file}:${v.line}: `}${v.message}`);
  console.log(violations.length === 0 ? 'dependency rules: no violations' : `dependency rules: ${violations.length} violation(s)`);
  process.exitCode = violations.length === 0 ? 0 : 1;
}
