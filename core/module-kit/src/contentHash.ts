import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import { type DpanManifest, canonicalJson } from '@citysync/schemas';
import { type Hex, keccak256, toBytes } from 'viem';

/** Folders of a module package whose every file is part of its content hash. */
export const hashedFolders = ['contracts', 'artifacts'] as const;

export type ModuleContentHashReturnType = {
  /** keccak256 of the canonical JSON of `{ manifest, files }`: what the kernel records for the version. */
  contentHash: Hex;
  /** sha256 (hex, no 0x) of every hashed file, by its path relative to the package ('/' separators). */
  files: Record<string, string>;
};

/**
 * The content hash of a module package, recomputable by anyone from the package's files:
 *
 *   contentHash = keccak256(utf8(JCS({ manifest: <dpan.json parsed>, files: { "<path>": "<sha256 hex>" } })))
 *
 * JCS is RFC 8785 canonical JSON (the same as evidence hashes). `files` holds dpan.json, every file the manifest's
 * `files` names, and every file under contracts/ and artifacts/: what is reviewed and what the kernel deploys.
 * README, CHANGELOG, tests and package.json are left out, so documentation changes do not change the version's hash.
 */
export function moduleContentHash(dir: string, manifest: DpanManifest): ModuleContentHashReturnType {
  const paths = new Set<string>(['dpan.json']);
  for (const file of Object.values(manifest.files)) if (typeof file === 'string') paths.add(file);
  for (const contract of manifest.contracts) paths.add(contract.artifact);
  for (const folder of hashedFolders) for (const path of listFiles(dir, join(dir, folder))) paths.add(path);
  const files: Record<string, string> = {};
  for (const path of [...paths].sort()) {
    files[path] = createHash('sha256').update(readFileSync(join(dir, path))).digest('hex');
  }
  return { contentHash: keccak256(toBytes(canonicalJson({ manifest, files }))), files };
}

function listFiles(root: string, dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(root, path) : [relative(root, path).split(sep).join('/')];
  });
}
