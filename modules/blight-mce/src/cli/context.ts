// What the `dpan mce` commands are given: dpan's runtime (its reading of --city, --rpc and the signer) and the
// blight module package they belong to.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import type { CityContracts, CityReadClient, CityWalletClient } from '@citysync/sdk';
import type { CityDeployment } from '@citysync/sdk/node';
import type { CityConfig, GovernanceParameters } from '@citysync/schemas';

export type CityOptions = { city: string; rpc?: string | undefined };
export type SignerOptions = { account: string; privateKey?: string | undefined };
export type OutputOptions = { json?: boolean | undefined };

/** The deployed city as dpan opens it from --city and --rpc (the fields these commands read). */
export type OpenedCity = {
  cityDir: string;
  config: CityConfig;
  governance: GovernanceParameters;
  deployment: CityDeployment;
  city: CityContracts;
  publicClient: CityReadClient;
};

/** What dpan passes a plugin's command after its options (the part these commands use). */
export type DpanRuntime = {
  openCity(options: CityOptions): Promise<OpenedCity>;
  /** Signs with --private-key, else dev account --account. */
  wallet(connection: OpenedCity, options: SignerOptions): Promise<CityWalletClient>;
};

export type MceCommandsContext = {
  /**
   * The blight module package these commands came from: dpan loads a plugin from the packages the city installed
   * (dpan-lock.json, `.citysync/modules/<name>/<version>`) before those beside it, so this is the city's installed
   * module, under whatever name it was published (a fork), or else the package installed beside dpan.
   */
  packageDir: string;
  /** Where the city keeps a package it installed from a registry (`.citysync/modules/<name>/<version>`). */
  installedPackageDir: (cityDir: string, name: string, version: string) => string;
};

/** The city's directory when --city names its city.json. */
export function cityDirectory(city: string): string {
  const path = resolve(city);
  return existsSync(path) && statSync(path).isFile() ? dirname(path) : path;
}
