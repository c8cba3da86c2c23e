/** One package of the root package.json's `workspaces`. */
export type WorkspacePackage = {
  name: string;
  /** Its folder, relative to the repository root, with `/` separators. */
  dir: string;
  absoluteDir: string;
  manifest: Record<string, unknown> & { name: string; version?: string };
  /** A dPAN module: has dpan.json or is named @citysync/dpan-*. */
  isModule: boolean;
  /** Published by scripts/publish-framework.mjs: neither a module nor private. */
  isFramework: boolean;
};

export type DependencyCycle = { members: string[]; path: string[] };

export const RUNTIME_DEPENDENCY_FIELDS: readonly ['dependencies', 'peerDependencies', 'optionalDependencies'];

export class WorkspaceError extends Error {
  name: 'WorkspaceError';
}

export function readWorkspacePackages(root: string): WorkspacePackage[];
export function workspaceDependencies(pkg: WorkspacePackage, packages: readonly WorkspacePackage[]): string[];
export function findCycles(edges: ReadonlyMap<string, Iterable<string>>): DependencyCycle[];
export function dependencyOrder(packages: readonly WorkspacePackage[]): WorkspacePackage[];
