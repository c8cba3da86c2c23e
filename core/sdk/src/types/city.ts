import type { Address } from 'viem';

/** The six committees of a city, in the order of `CityFactory.CityParams.committees`. */
export const committeeNames = ['accreditation', 'issuance', 'rates', 'modules', 'vault', 'upgrades'] as const;

export type CommitteeName = (typeof committeeNames)[number];

/** The contracts of one deployed city (the `CityFactory.City` struct, committees by name). */
export type CityContracts = {
  /** The city's AccessManager: every restricted call and every committee delay goes through it. */
  manager: Address;
  /** The city's ERC-2771 forwarder (gasless requests relayed by accredited organizations). */
  forwarder: Address;
  accreditation: Address;
  /** The $CITY ledger, which is also the redemption desk. */
  credit: Address;
  /** $VOTE. */
  votes: Address;
  issuance: Address;
  taskBoard: Address;
  governor: Address;
  kernel: Address;
  committees: Record<CommitteeName, Address>;
  /** The City Vault, when the city has one. */
  vault?: CityVaultContracts | undefined;
};

/** A city's endowment: the vault donors give to, the lock holding its principal, the splitter paying the yield. */
export type CityVaultContracts = {
  /** CityVault (ERC-4626, non-transferable donor shares; no withdrawal). */
  vault: Address;
  /** YieldSplitter: pays harvested yield to the budget lines. */
  splitter: Address;
  /** PrincipalLock: custody of the principal; no owner, no upgrade. */
  lock: Address;
  /** What donors give. */
  asset: Address;
  /** The ERC-4626 the principal earns its yield in. */
  yieldSource: Address;
};

/** Implementation contracts behind a city's UUPS proxies. */
export type CityImplementations = {
  accreditation: Address;
  /** Bound to the city's forwarder at construction: one per city. */
  credit: Address;
  votes: Address;
  issuance: Address;
  /** Bound to the city's forwarder at construction: one per city. */
  taskBoard: Address;
  committee: Address;
  governor: Address;
  kernel: Address;
  /** Deployed only for a city with a vault. */
  vault?: Address | undefined;
  splitter?: Address | undefined;
};

/** The implementations a chain's cities may share (everything but the forwarder-bound ones). */
export type SharedCityImplementations = Omit<CityImplementations, 'credit' | 'taskBoard'>;
