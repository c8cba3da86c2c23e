// A copy of a repository module under another name and version, for publishing tests: nothing in modules/ changes.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MODULES = fileURLToPath(new URL('../../modules/', import.meta.url));

export type ModulePackageCopyOptions = {
  /** The repository module to copy. Default: disaster-prep. */
  from?: string;
  name: string;
  version: string;
  /** dpan.json `forkedFrom`. Default: null. */
  forkedFrom?: string | null;
  /** Edits dpan.json after the renaming (to make it invalid, for instance). */
  editManifest?: (manifest: Record<string, unknown>) => void;
};

/**
 * Copies `modules/<from>` into `<root>/<dirName>` and renames it in package.json, dpan.json and the task catalog
 * (whose `module` names the package); returns the copy's directory.
 */
export function modulePackageCopy(root: string, dirName: string, options: ModulePackageCopyOptions): string {
  const dir = join(root, dirName);
  cpSync(join(MODULES, options.from ?? 'disaster-prep'), dir, {
    recursive: true,
    filter: (source) => !/[/\\](node_modules|out|cache)([/\\]|$)/.test(source),
  });
  const edit = (file: string, change: (value: Record<string, unknown>) => void) => {
    const value = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    change(value);
    writeFileSync(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
  };
  edit('package.json', (pkg) => Object.assign(pkg, { name: options.name, version: options.version }));
  edit('tasks.json', (catalog) => Object.assign(catalog, { module: options.name }));
  edit('dpan.json', (manifest) => {
    Object.assign(manifest, { name: options.name, version: options.version, forkedFrom: options.forkedFrom ?? null });
    options.editManifest?.(manifest);
  });
  return dir;
}
