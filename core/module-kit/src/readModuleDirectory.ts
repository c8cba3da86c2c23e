import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import {
  type DpanManifest,
  type GovernanceParameters,
  type RedemptionOfferings,
  SchemaValidationError,
  type TaskCatalog,
  type VerificationRules,
} from '@citysync/schemas';
import { readDocument, validatePath } from '@citysync/schemas/node';
import { type Abi, type Hex, isHex, keccak256 } from 'viem';

import { moduleContentHash } from './contentHash.js';
import { ModuleNotFoundError, ModulePackageError } from './errors.js';

/** A compiled contract a module ships (artifacts/<Name>.json, written by `dpan-module-artifacts`). */
export type ModuleArtifact = {
  contractName: string;
  abi: Abi;
  /** Creation code. */
  bytecode: Hex;
};

export type ReadModuleDirectoryReturnType = {
  /** Absolute path of the package. */
  dir: string;
  manifest: DpanManifest;
  catalog: TaskCatalog;
  rules: VerificationRules;
  parameters: GovernanceParameters;
  /** `undefined` when the manifest names no offerings file. */
  offerings: RedemptionOfferings | undefined;
  /** The manifest's contracts' artifacts, by contract name. */
  artifacts: Record<string, ModuleArtifact>;
  /** See {@link moduleContentHash}. */
  contentHash: Hex;
  /** sha256 of every hashed file, by relative path. */
  files: Record<string, string>;
  /**
   * keccak256 of the setup's creation code (the first contract's artifact bytecode): what the registry records at
   * publish and a city's kernel records when it deploys the setup, so a look-alike setup is told apart.
   * `undefined` when the manifest lists no contract.
   */
  setupCodeHash: Hex | undefined;
};

export type ReadModuleDirectoryErrorType = ModuleNotFoundError | SchemaValidationError | ModulePackageError;

/**
 * Reads a module package: validates every file against its schema (the same checks as `dpan validate`), reads the
 * manifest's contract artifacts, and computes the content hash the kernel will record.
 *
 * @example
 * const pkg = readModuleDirectory('modules/general-economy');
 * pkg.contentHash // 0x...
 */
export function readModuleDirectory(dir: string): ReadModuleDirectoryReturnType {
  const root = resolve(dir);
  const manifestPath = join(root, 'dpan.json');
  if (!existsSync(manifestPath)) throw new ModuleNotFoundError(root);
  const issues = validatePath(root);
  if (issues.length > 0) throw new SchemaValidationError(issues);

  const manifest = read(manifestPath) as DpanManifest;
  const { files } = manifest;
  const artifacts: Record<string, ModuleArtifact> = {};
  manifest.contracts.forEach((contract, i) => {
    artifacts[contract.name] = readArtifact(root, contract.artifact, `dpan.json#/contracts/${i}/artifact`);
  });
  const hash = moduleContentHash(root, manifest);
  const setup = manifest.contracts[0] === undefined ? undefined : artifacts[manifest.contracts[0].name];
  return {
    dir: root,
    manifest,
    catalog: read(join(root, files.taskCatalog)) as TaskCatalog,
    rules: read(join(root, files.verificationRules)) as VerificationRules,
    parameters: read(join(root, files.parameters)) as GovernanceParameters,
    offerings: files.offerings === undefined ? undefined : (read(join(root, files.offerings)) as RedemptionOfferings),
    artifacts,
    contentHash: hash.contentHash,
    files: hash.files,
    setupCodeHash: setup === undefined ? undefined : keccak256(setup.bytecode),
  };
}

/** Reads one artifact of the package; `location` names the manifest field that points at it, for errors. */
export function readArtifact(root: string, relativePath: string, location: string): ModuleArtifact {
  const path = join(root, relativePath);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ModulePackageError(location, `cannot read the artifact ${relativePath} (${(error as Error).message})`, {
      details: "Build the module's artifacts: `dpan-forge build && dpan-module-artifacts .` in the module's directory.",
    });
  }
  const artifact = value as Partial<ModuleArtifact>;
  if (typeof artifact.contractName !== 'string' || !Array.isArray(artifact.abi) || typeof artifact.bytecode !== 'string' || !isHex(artifact.bytecode) || artifact.bytecode.length <= 2) {
    throw new ModulePackageError(location, `${relativePath} is not a module artifact: expected { contractName, abi, bytecode }`, {
      details: 'Regenerate it with `dpan-forge build && dpan-module-artifacts .`; do not hand-edit artifacts.',
    });
  }
  return { contractName: artifact.contractName, abi: artifact.abi, bytecode: artifact.bytecode };
}

function read(path: string): unknown {
  const result = readDocument(path);
  // validatePath above already parsed every one of these files.
  if (!result.ok) throw new SchemaValidationError([result.issue]);
  return result.value;
}
