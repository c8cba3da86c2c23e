import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A package of a fixture monorepo: its package.json fields and files (path relative to the package -> text). */
export type FixturePackage = {
  manifest: Record<string, unknown>;
  files?: Record<string, string> | undefined;
  /** Writes a dpan.json: the package is a dPAN module. */
  module?: boolean | undefined;
};

/**
 * Writes a monorepo at `root`: a root package.json whose `workspaces` are `packages`' folders, and each package.
 * Returns `root`.
 */
export function writeWorkspaceFixture(root: string, packages: Record<string, FixturePackage>): string {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  write(join(root, 'package.json'), JSON.stringify({ name: 'fixture', private: true, workspaces: Object.keys(packages) }));
  for (const [dir, pkg] of Object.entries(packages)) {
    write(join(root, dir, 'package.json'), JSON.stringify({ version: '0.1.0', type: 'module', ...pkg.manifest }));
    if (pkg.module === true) write(join(root, dir, 'dpan.json'), JSON.stringify({ name: pkg.manifest['name'] }));
    for (const [path, text] of Object.entries(pkg.files ?? {})) write(join(root, dir, path), text);
  }
  return root;
}
