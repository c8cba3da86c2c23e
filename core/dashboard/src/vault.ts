// The City Vault as residents see it on the dashboard: what was given (and can never leave), the yield harvested,
// and what each budget line was paid. Amounts in the asset's units, as strings, so the JSON API is exact.
import { formatUnits } from 'viem';

import { readVaultStatus } from '@citysync/sdk';
import type { DashboardCity } from './dashboardCity.js';

export type DashboardVaultLine = { purpose: string; recipient: string; bps: number; capPerPeriod: string; paidThisPeriod: string; paidTotal: string };

export type DashboardVault = {
  asset: string;
  principal: string;
  value: string;
  totalHarvested: string;
  /** Harvested, held in the splitter (a cap held it back, or not yet distributed). */
  pending: string;
  totalPaid: string;
  donations: number;
  lines: DashboardVaultLine[];
};

/** The vault's figures, or undefined for a city deployed without one. */
export async function readDashboardVault(connection: Pick<DashboardCity, 'city' | 'publicClient'>): Promise<DashboardVault | undefined> {
  if (connection.city.vault === undefined) return undefined;
  const status = await readVaultStatus(connection.publicClient, connection.city);
  const units = (amount: bigint): string => formatUnits(amount, status.asset.decimals);
  return {
    asset: status.asset.symbol,
    principal: units(status.principal),
    value: units(status.value),
    totalHarvested: units(status.totalHarvested),
    pending: units(status.pending),
    totalPaid: units(status.totalPaid),
    donations: Number(status.donations),
    lines: status.lines.map((line) => ({
      purpose: line.purpose,
      recipient: line.recipient,
      bps: line.bps,
      capPerPeriod: units(line.capPerPeriod),
      paidThisPeriod: units(line.paidThisPeriod),
      paidTotal: units(line.paidTotal),
    })),
  };
}
