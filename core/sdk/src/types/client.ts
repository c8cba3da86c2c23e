import type { Account, Chain, Client, Transport } from 'viem';

/**
 * A viem client that signs and sends: a `WalletClient` created with an `account` (local or JSON-RPC).
 * Every write action takes one; the account is the caller of the contract function.
 */
export type CityWalletClient = Client<Transport, Chain | undefined, Account>;

/** Any viem client that can read the chain (public or wallet, with or without an account). */
export type CityReadClient = Client<Transport, Chain | undefined, Account | undefined>;
