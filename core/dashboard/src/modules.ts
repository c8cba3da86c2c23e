// The installed modules as `dpan status` reports them (auditInstalled against the registry network), with each
// registry module's audits and lineage; when the registry cannot be reached, the kernel's installs from the index
// and the reason, so the page says advisories are unavailable instead of showing none.
import Database from 'better-sqlite3';
import { type Address, getAddress } from 'viem';

import { type InstalledAdvisory, auditInstalled } from '@citysync/registry';
import { type LineageNode, moduleLineage, renderLineage } from '@citysync/registry';
import type { RegistryNetworkClients } from '@citysync/registry';
import type { DashboardCity, OpenDashboardRegistry } from './dashboardCity.js';

export type DashboardModule = {
  name: string;
  version: string;
  module: Address;
  source: 'registry' | 'directory' | 'unknown';
  /** Undefined when the registry was not reachable (unknown, not "none"). */
  advisories: InstalledAdvisory[] | undefined;
  /** Live attestations of the installed version (registry modules). */
  audits: LineageNode['audits'] | undefined;
  /** The fork tree, as `dpan lineage` prints it (registry modules). */
  lineage: string | undefined;
};

export type DashboardModules = {
  modules: DashboardModule[];
  /** Why the registry network could not be reached (undefined when it was). */
  registryUnavailable: string | undefined;
};

function findNode(nodes: readonly LineageNode[], id: string): LineageNode | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    const found = findNode(node.forks, id);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Modules the kernel has installed, from the index (installed minus uninstalled, last version wins). */
function indexedModules(dbPath: string): DashboardModule[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT kind, name, version, module FROM modules WHERE kind IN ('installed', 'uninstalled') ORDER BY block_number, log_index").all() as {
      kind: string;
      name: string;
      version: string;
      module: number;
    }[];
    const addresses = new Map((db.prepare('SELECT id, address FROM addresses').raw().all() as [number, string][]).map(([id, a]) => [id, getAddress(a)]));
    const installed = new Map<string, DashboardModule>();
    for (const r of rows) {
      if (r.kind === 'uninstalled') installed.delete(r.name);
      else installed.set(r.name, { name: r.name, version: r.version, module: addresses.get(r.module) ?? getAddress(`0x${'0'.repeat(40)}`), source: 'unknown', advisories: undefined, audits: undefined, lineage: undefined });
    }
    return [...installed.values()];
  } finally {
    db.close();
  }
}

export async function readDashboardModules(
  connection: Pick<DashboardCity, 'dir' | 'config' | 'publicClient' | 'city'>,
  openRegistry: OpenDashboardRegistry,
  dbPath: string,
): Promise<DashboardModules> {
  let network: RegistryNetworkClients;
  try {
    network = await openRegistry();
  } catch (error) {
    return { modules: indexedModules(dbPath), registryUnavailable: (error as Error).message.split('\n')[0] ?? String(error) };
  }
  const { trustedAuditors, minAttestations, allowUnaudited } = connection.config.installPolicy;
  const statuses = await auditInstalled({
    cityClient: connection.publicClient,
    city: connection.city,
    cityDir: connection.dir,
    policy: { trustedAuditors: trustedAuditors.map((a) => getAddress(a)), minAttestations, allowUnaudited },
    network,
  });
  const modules: DashboardModule[] = [];
  for (const s of statuses) {
    let lineage: string | undefined;
    let audits: LineageNode['audits'] | undefined;
    if (s.source === 'registry') {
      const tree = await moduleLineage({ network, name: s.name });
      lineage = renderLineage(tree);
      audits = findNode(tree.roots, `${s.name}@${s.version}`)?.audits;
    }
    modules.push({ ...s, audits, lineage });
  }
  return { modules, registryUnavailable: undefined };
}
