// The monorepo's workspace packages as data: which are framework packages (published by
// scripts/publish-framework.mjs), which are dPAN modules (published by `dpan publish`), and the order their
// dependencies impose. Plain JavaScript so that plain `node` scripts use it; typed by workspace-packages.d.mts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** Dependency fields that are installed with a package (devDependencies are not). */
export const RUNTIME_DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];

export class WorkspaceError extends Error {
  name = 'WorkspaceError';
}

/** Every package of the root package.json's `workspaces` (paths, or `dir/*`), in that order. */
export function readWorkspacePackages(root) {
  const rootDir = resolve(root);
  const rootManifest = readJson(join(rootDir, 'package.json'));
  const patterns = Array.isArray(rootManifest.workspaces) ? rootManifest.workspaces : rootManifest.workspaces?.packages;
  if (!Array.isArray(patterns)) {
    throw new WorkspaceError(`${join(rootDir, 'package.json')} has no "workspaces" array: list the package folders there.`);
  }
  const dirs = patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(rootDir, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(rootDir, parent, entry.name, 'package.json')))
      .map((entry) => `${parent}/${entry.name}`);
  });
  return dirs.map((dir) => {
    const absoluteDir = join(rootDir, dir);
    const manifestFile = join(absoluteDir, 'package.json');
    if (!existsSync(manifestFile)) {
      throw new WorkspaceError(`workspace "${dir}" (root package.json) has no package.json: remove it from "workspaces".`);
    }
    const manifest = readJson(manifestFile);
    if (typeof manifest.name !== 'string') throw new WorkspaceError(`${manifestFile} has no "name".`);
    const isModule = existsSync(join(absoluteDir, 'dpan.json')) || manifest.name.startsWith('@citysync/dpan-');
    return {
      name: manifest.name,
      dir: relative(rootDir, absoluteDir).split('\\').join('/'),
      absoluteDir,
      manifest,
      isModule,
      // A framework package: published to npm registries. Modules go through `dpan publish`, private ones nowhere.
      isFramework: !isModule && manifest.private !== true,
    };
  });
}

/** The workspace packages `pkg` installs with it (its runtime dependency fields), by name. */
export function workspaceDependencies(pkg, packages) {
  const names = new Set(packages.map((p) => p.name));
  const deps = new Set();
  for (const field of RUNTIME_DEPENDENCY_FIELDS) {
    for (const name of Object.keys(pkg.manifest[field] ?? {})) if (names.has(name) && name !== pkg.name) deps.add(name);
  }
  return [...deps].sort();
}

/**
 * The strongly connected components of a directed graph with more than one node: each is a set of packages that
 * reach each other, i.e. a dependency cycle. `edges` maps a node to the nodes it points at.
 */
export function findCycles(edges) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  let next = 0;
  const visit = (node) => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const target of edges.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node), low.get(target)));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node), index.get(target)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => ({ members: component, path: cyclePath(component, edges) }));
}

/** One closed walk through a strongly connected component, from its first member back to it. */
function cyclePath(component, edges) {
  const members = new Set(component);
  const start = component[0];
  const seen = new Set([start]);
  const walk = (node, path) => {
    for (const target of [...(edges.get(node) ?? [])].sort()) {
      if (!members.has(target)) continue;
      if (target === start) return [...path, start];
      if (seen.has(target)) continue;
      seen.add(target);
      const found = walk(target, [...path, target]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]) ?? [...component, start];
}

/** `packages` ordered so that each comes after the workspace packages it depends on. Throws on a cycle. */
export function dependencyOrder(packages) {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const edges = new Map(packages.map((p) => [p.name, new Set(workspaceDependencies(p, packages))]));
  const cycles = findCycles(edges);
  if (cycles.length > 0) {
    throw new WorkspaceError(
      `the workspace packages' dependencies form a cycle: ${cycles.map((c) => c.path.join(' -> ')).join('; ')}. ` +
        'Remove one of the dependencies (package.json).',
    );
  }
  const ordered = [];
  const placed = new Set();
  const place = (name) => {
    if (placed.has(name)) return;
    placed.add(name);
    for (const dep of edges.get(name)) if (byName.has(dep)) place(dep);
    ordered.push(byName.get(name));
  };
  for (const pkg of packages) place(pkg.name);
  return ordered;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new WorkspaceError(`${file} is not readable JSON: ${error.message}`, { cause: error });
  }
}
