// deployContract on a real anvil: a deployment that works, a constructor that reverts, creation code that leaves
// no contract.
import { createWalletClient, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { getCode, readContract } from 'viem/actions';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AccessManagerAbi, AccessManagerBytecode, ERC1967ProxyAbi, ERC1967ProxyBytecode } from '@citysync/contracts';
import { type AnvilInstance, startAnvil } from '@citysync/devnet';
import {
  CitySyncError,
  ContractNotDeployedError,
  ContractRevertError,
  type CityWalletClient,
  deployContract,
  isContractRevert,
} from '@citysync/sdk';

const MNEMONIC = 'test test test test test test test test test test test junk';
let anvil: AnvilInstance;
let wallet: CityWalletClient;

beforeAll(async () => {
  anvil = await startAnvil({ accounts: 1 });
  wallet = createWalletClient({
    account: mnemonicToAccount(MNEMONIC),
    chain: foundry,
    transport: http(anvil.rpcUrl, { retryCount: 0 }),
  });
});
afterAll(async () => {
  await anvil?.stop();
});

describe('deployContract', () => {
  it('deploys with constructor args and returns an address with code', async () => {
    const admin = wallet.account.address;
    const { address, receipt } = await deployContract(wallet, {
      contractName: 'AccessManager',
      abi: AccessManagerAbi,
      bytecode: AccessManagerBytecode,
      args: [admin],
    });
    expect(receipt.status).toBe('success');
    expect(receipt.contractAddress?.toLowerCase()).toBe(address.toLowerCase());
    expect(await getCode(wallet, { address })).not.toBe('0x');
    const [isAdmin] = await readContract(wallet, {
      address,
      abi: AccessManagerAbi,
      functionName: 'hasRole',
      args: [0n, admin],
    });
    expect(isAdmin).toBe(true);
  });

  it('throws the decoded constructor revert, naming the contract', async () => {
    // A proxy to an account without code: ERC1967Proxy's constructor refuses it.
    const notAContract = mnemonicToAccount(MNEMONIC, { addressIndex: 5 }).address;
    const error = await deployContract(wallet, {
      contractName: 'ERC1967Proxy',
      abi: ERC1967ProxyAbi,
      bytecode: ERC1967ProxyBytecode,
      args: [notAContract, '0x'],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractRevertError);
    if (!isContractRevert(error, 'ERC1967InvalidImplementation')) throw error;
    expect(error.args).toEqual([notAContract]);
    expect(error.shortMessage).toBe(`new ERC1967Proxy() reverted with ERC1967InvalidImplementation(${notAContract}).`);
  });

  it('throws ContractNotDeployedError when the creation code leaves no runtime code', async () => {
    // STOP: a successful creation that returns nothing, as an interface's or abstract contract's bytecode would.
    const error = await deployContract(wallet, { contractName: 'IEmpty', abi: [], bytecode: '0x00' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContractNotDeployedError);
    expect(error).toBeInstanceOf(CitySyncError);
    const notDeployed = error as ContractNotDeployedError;
    expect(notDeployed.name).toBe('ContractNotDeployedError');
    expect(notDeployed.contractName).toBe('IEmpty');
    expect(notDeployed.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(await getCode(wallet, { address: notDeployed.address! })).toBeUndefined();
    expect(notDeployed.shortMessage).toBe(
      `Deploying IEmpty left no code at ${notDeployed.address} (transaction ${notDeployed.hash}).`,
    );
    expect(notDeployed.details).toMatch(/creation code/);
  });
});
