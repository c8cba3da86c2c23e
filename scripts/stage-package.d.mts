import type { WorkspacePackage } from './workspace-packages.mjs';

export type PackageManifest = Record<string, unknown> & { name: string };

export class StageError extends Error {
  name: 'StageError';
}

export function distExports(value: unknown, condition?: string): unknown;
export function publishedManifest(manifest: PackageManifest): PackageManifest;
export function stagePackage(pkg: WorkspacePackage, stageDir: string): PackageManifest;
