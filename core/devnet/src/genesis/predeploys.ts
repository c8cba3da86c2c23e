import { gunzipSync } from 'node:zlib';

import {
  type Abi,
  type Address,
  type Hex,
  createTestClient,
  createWalletClient,
  getAddress,
  getContractAddress,
  hexToBytes,
  http,
  keccak256,
  pad,
  parseEther,
  stringToHex,
} from 'viem';
import { dumpState, impersonateAccount, setBalance } from 'viem/actions';
import { foundry } from 'viem/chains';

import {
  AccreditationAbi,
  AccreditationBytecode,
  CityFactoryAbi,
  CityFactoryBytecode,
  CityGovernorAbi,
  CityGovernorBytecode,
  CommitteeAbi,
  CommitteeBytecode,
  IssuanceControllerAbi,
  IssuanceControllerBytecode,
  ModuleKernelAbi,
  ModuleKernelBytecode,
  VoteTokenAbi,
  VoteTokenBytecode,
} from '@citysync/contracts';
import { type SharedCityImplementations, deployContract } from '@citysync/sdk';
import { startAnvil } from '../anvil.js';
import { PredeployError } from './errors.js';
import type { GenesisAccount } from '@citysync/schemas';

/**
 * The account that "deployed" the predeploys: keccak256("citysync.predeploy-deployer")'s last 20 bytes. Nobody holds
 * its key, so nobody can ever send a transaction from it on a real chain (and so never collide with its addresses).
 */
export const predeployDeployer: Address = getAddress(
  `0x${keccak256(stringToHex('citysync.predeploy-deployer')).slice(-40)}`,
);

/**
 * What is predeployed: the stateless CityFactory and the implementations every city on the chain may share (named as
 * in `deployCity`'s `implementations`; an implementation added later is simply deployed per city).
 */
export type PredeployName = 'factory' | SharedImplementationName;

/** The implementations predeployed: each one `deployCity` can reuse (the `satisfies` keeps them in step). */
const sharedImplementationNames = [
  'accreditation',
  'votes',
  'issuance',
  'committee',
  'governor',
  'kernel',
] as const satisfies readonly (keyof SharedCityImplementations)[];
type SharedImplementationName = (typeof sharedImplementationNames)[number];

/** Deployment order = the deployer's nonce, which fixes each address (CREATE: keccak256(rlp([deployer, nonce]))). */
const contracts: readonly { name: PredeployName; contract: string; abi: Abi; bytecode: Hex }[] = [
  { name: 'factory', contract: 'CityFactory', abi: CityFactoryAbi, bytecode: CityFactoryBytecode },
  { name: 'accreditation', contract: 'Accreditation', abi: AccreditationAbi, bytecode: AccreditationBytecode },
  { name: 'votes', contract: 'VoteToken', abi: VoteTokenAbi, bytecode: VoteTokenBytecode },
  {
    name: 'issuance',
    contract: 'IssuanceController',
    abi: IssuanceControllerAbi,
    bytecode: IssuanceControllerBytecode,
  },
  { name: 'committee', contract: 'Committee', abi: CommitteeAbi, bytecode: CommitteeBytecode },
  { name: 'governor', contract: 'CityGovernor', abi: CityGovernorAbi, bytecode: CityGovernorBytecode },
  { name: 'kernel', contract: 'ModuleKernel', abi: ModuleKernelAbi, bytecode: ModuleKernelBytecode },
];

/** The contract each predeploy is, by name (for predeploys.json and messages). */
export const predeployContracts: Readonly<Record<PredeployName, string>> = Object.fromEntries(
  contracts.map(({ name, contract }) => [name, contract]),
) as Record<PredeployName, string>;

/**
 * The fixed address of each predeploy. The same on every City/Sync production chain, whatever the build: it depends
 * only on the deployer and the order above.
 */
export const predeployAddresses: Readonly<Record<PredeployName, Address>> = Object.fromEntries(
  contracts.map(({ name }, nonce) => [name, getContractAddress({ from: predeployDeployer, nonce: BigInt(nonce) })]),
) as Record<PredeployName, Address>;

/**
 * The CityManagerDeployer the factory's constructor creates (the factory's first CREATE, nonce 1): it creates each
 * city's AccessManager inside `deployCity`, so the genesis holds it beside the factory.
 */
const factoryManagerDeployer: Address = getContractAddress({ from: predeployAddresses.factory, nonce: 1n });

/** One account of anvil's `anvil_dumpState` (hex of gzipped JSON). */
type DumpedAccount = { nonce: number; balance: Hex; code: Hex; storage: Record<string, Hex> };

/**
 * The genesis accounts of the predeploys: each contract deployed for real, by the keyless deployer impersonated on a
 * throwaway anvil, at its fixed address, then read back whole (runtime code, nonce, the storage its constructor
 * wrote, e.g. OpenZeppelin's Initializable slot set by `_disableInitializers()`). Deploying at the final address
 * matters: UUPS implementations keep `address(this)` in an immutable (`__self`), so copying code deployed elsewhere
 * would break every upgrade. The anvil is always stopped.
 */
export async function buildPredeployAlloc(): Promise<Record<Address, GenesisAccount>> {
  let anvil: Awaited<ReturnType<typeof startAnvil>> | undefined;
  try {
    anvil = await startAnvil({ accounts: 0, extraArgs: ['--hardfork', 'cancun'] });
    const transport = http(anvil.rpcUrl, { retryCount: 0 });
    const test = createTestClient({ mode: 'anvil', chain: foundry, transport });
    const wallet = createWalletClient({ chain: foundry, transport, account: predeployDeployer });
    await impersonateAccount(test, { address: predeployDeployer });
    await setBalance(test, { address: predeployDeployer, value: parseEther('1000') });
    for (const { contract, abi, bytecode, name } of contracts) {
      const { address } = await deployContract(wallet, { contractName: contract, abi, bytecode });
      if (address !== predeployAddresses[name]) {
        throw new PredeployError(
          `${contract} deployed at ${address}, not at its predeploy address ${predeployAddresses[name]}.`,
          { details: 'The throwaway deployer must deploy the predeploys in order from nonce 0.' },
        );
      }
    }
    const dumped = JSON.parse(gunzipSync(hexToBytes(await dumpState(test))).toString('utf8')) as {
      accounts: Record<string, DumpedAccount>;
    };
    return Object.fromEntries([
      ...contracts.map(({ name }) => toGenesisAccount(predeployAddresses[name], dumped.accounts)),
      toGenesisAccount(factoryManagerDeployer, dumped.accounts),
    ]);
  } catch (error) {
    if (error instanceof PredeployError) throw error;
    throw new PredeployError('Could not build the predeploys on a throwaway anvil.', { cause: error });
  } finally {
    await anvil?.stop();
  }
}

function toGenesisAccount(address: Address, accounts: Record<string, DumpedAccount>): [Address, GenesisAccount] {
  const account = accounts[address.toLowerCase()];
  if (account === undefined || account.code === '0x')
    throw new PredeployError(`No code at ${address} after its deployment.`);
  const storage = Object.fromEntries(
    Object.entries(account.storage)
      .filter(([, value]) => BigInt(value) !== 0n)
      .map(([slot, value]) => [pad(slot as Hex, { size: 32 }), pad(value, { size: 32 })]),
  );
  return [address, { balance: '0x0', nonce: `0x${account.nonce.toString(16)}`, code: account.code, storage }];
}
