import { ModuleKernelAbi } from '@citysync/contracts';
import type { CityReadClient } from '@citysync/sdk';
import type { Address } from 'viem';
import { readContract } from 'viem/actions';

import type { OpenedCity } from './context.js';
import { MceNotInstalledError } from './errors.js';

/** The module contract the city's kernel installed under `name` (the package's dpan.json name). */
export async function installedModule(opened: OpenedCity, name: string, packageDir: string): Promise<Address> {
  const client: CityReadClient = opened.publicClient;
  const installation = await readContract(client, { address: opened.city.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [name] });
  if (!installation.installed) throw new MceNotInstalledError(name, packageDir);
  return installation.module;
}
