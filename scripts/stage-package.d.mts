import type { WorkspacePackage } from './workspace-packages.mjs';

export type PackageManifest = Record<string, unknown> & { name: string };

export class StageError extends Error {
  name: 'StageError';
}

export function distExports(value: unknown, condition?: string): unknown;
export function publishedManifest(manifest: PackageManifest): PackageManifest;
export function stagePackage(pkg: WorkspacePackage, stageDir: string): PackageManifest;

export type MissingReference = {
  /** The packed file that refers, and the line. */
  file: string;
  line: number;
  kind: 'import' | 'file URL';
  specifier: string;
  /** What it resolves to inside the package. */
  path: string;
};

export function missingReferences(stageDir: string, packedFiles: readonly string[]): MissingReference[];
