// What a registry command needs: the registry network (--registry-dir, or --registry/--registry-rpc/--module-registry).
import { type Address, getAddress, isAddress } from 'viem';

import { type RegistryNetworkClients, openRegistryNetwork } from '@citysync/registry';
import { CliUsageError } from './errors.js';

export type RegistryOptions = {
  /** The embedded registry network's directory (default `.citysync/registry`). */
  registryDir?: string | undefined;
  /** npm registry URL, instead of the embedded one. */
  registry?: string | undefined;
  /** Registry chain JSON-RPC URL, instead of the embedded one. */
  registryRpc?: string | undefined;
  /** ModuleRegistry address on the registry chain, instead of the embedded network's. */
  moduleRegistry?: string | undefined;
};

/** A registry token: --token, else DPAN_REGISTRY_TOKEN (commander reads the environment). */
export type TokenOptions = { token?: string | undefined };

export const DEFAULT_REGISTRY_DIR = '.citysync/registry';

/** Connects to the registry network the options name (the embedded one of --registry-dir by default). */
export async function openRegistryOf(options: RegistryOptions): Promise<RegistryNetworkClients> {
  let moduleRegistry: Address | undefined;
  if (options.moduleRegistry !== undefined) {
    if (!isAddress(options.moduleRegistry)) throw new CliUsageError(`--module-registry: "${options.moduleRegistry}" is not an address.`);
    moduleRegistry = getAddress(options.moduleRegistry);
  }
  return await openRegistryNetwork({
    dir: options.registryDir ?? DEFAULT_REGISTRY_DIR,
    url: options.registry,
    rpcUrl: options.registryRpc,
    moduleRegistry,
  });
}

/** `name@version` (scoped names keep their leading @): split at the last @. */
export function parsePackageSpec(spec: string, what: string, options: { requireVersion?: boolean } = {}): { name: string; version: string | undefined } {
  const at = spec.lastIndexOf('@');
  const name = at > 0 ? spec.slice(0, at) : spec;
  const version = at > 0 ? spec.slice(at + 1) : undefined;
  if (!/^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/.test(name) || version === '') {
    throw new CliUsageError(`${what}: "${spec}" is not a package name${options.requireVersion === true ? '@version' : '[@version]'}, e.g. @berkeley/dpan-disaster-prep@1.0.0.`);
  }
  if (options.requireVersion === true && version === undefined) {
    throw new CliUsageError(`${what}: "${spec}" needs a version, e.g. ${name}@1.0.0.`);
  }
  return { name, version };
}
