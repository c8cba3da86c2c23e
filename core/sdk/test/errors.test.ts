import { encodeErrorResult, keccak256, toBytes } from 'viem';
import { formatAbiItem } from 'viem/utils';
import { describe, expect, it } from 'vitest';

import { CitySyncError, ContractRevertError, cityErrorAbi, decodeContractRevert, decodeRevertData, isContractRevert, toId } from '@citysync/sdk';
import { IssuanceControllerAbi, TaskBoardAbi } from '@citysync/contracts';

describe('cityErrorAbi', () => {
  it('holds every custom error once, from every contract and the AccessManager', () => {
    const signatures = cityErrorAbi.map((e) => formatAbiItem(e as Parameters<typeof formatAbiItem>[0]));
    expect(new Set(signatures).size).toBe(signatures.length);
    const names = new Set(cityErrorAbi.map((e) => e.name));
    for (const name of [
      'CivicCreditNonTransferable',
      'IssuanceControllerCapExceeded',
      'TaskBoardAlreadyVerified',
      'ERC2771ForwarderInvalidSigner',
      'ERC2771ForwarderExpiredRequest',
      'CityForwarderUnauthorizedRelayer',
      'AccessManagerNotReady',
      'FailedCall',
    ]) {
      expect(names, name).toContain(name);
    }
    // The reason it exists: the task board's own ABI cannot name the issuance controller's errors.
    const boardErrors = (TaskBoardAbi as readonly { type: string; name?: string }[]).filter((i) => i.type === 'error');
    expect(boardErrors.map((e) => e.name)).not.toContain('IssuanceControllerCapExceeded');
  });
});

describe('decodeRevertData / decodeContractRevert', () => {
  const capExceeded = encodeErrorResult({
    abi: IssuanceControllerAbi,
    errorName: 'IssuanceControllerCapExceeded',
    args: [3, 60n, 60n, 5n],
  });

  it('names a nested custom error and narrows its args', () => {
    const error: unknown = decodeRevertData(capExceeded, { functionName: 'verify' });
    expect(error).toBeInstanceOf(ContractRevertError);
    expect(error).toBeInstanceOf(CitySyncError);
    if (!isContractRevert(error, 'IssuanceControllerCapExceeded')) throw error;
    const [period, cap, issued, requested] = error.args;
    expect([period, cap, issued, requested]).toEqual([3, 60n, 60n, 5n]);
    expect(error.shortMessage).toBe('verify() reverted with IssuanceControllerCapExceeded(3, 60, 60, 5).');
    expect(error.selector).toBe(capExceeded.slice(0, 10));
    expect(isContractRevert(error, 'TaskBoardAlreadyVerified')).toBe(false);
  });

  it('finds revert data down a cause chain (as viem nests it), and returns undefined without any', () => {
    const rpcError = Object.assign(new Error('execution reverted'), { data: capExceeded });
    const wrapped = new Error('estimateGas failed', { cause: new Error('call failed', { cause: rpcError }) });
    expect(decodeContractRevert(wrapped)?.errorName).toBe('IssuanceControllerCapExceeded');
    expect(decodeContractRevert(new Error('fetch failed'))).toBeUndefined();
  });

  it('keeps unknown selectors and decodes Error(string)', () => {
    const unknown = decodeRevertData('0xdeadbeef');
    expect(unknown.errorName).toBeUndefined();
    expect(unknown.shortMessage).toBe('A contract call reverted with unknown error 0xdeadbeef.');
    const reason = decodeRevertData(
      encodeErrorResult({
        abi: [{ type: 'error', name: 'Error', inputs: [{ name: 'message', type: 'string' }] }],
        errorName: 'Error',
        args: ['nope'],
      }),
    );
    expect([reason.errorName, reason.args]).toEqual(['Error', ['nope']]);
  });
});

describe('toId', () => {
  it('hashes names like Solidity keccak256("...") and passes bytes32 ids through', () => {
    expect(toId('park-cleanup')).toBe(keccak256(toBytes('park-cleanup')));
    const id = keccak256(toBytes('x'));
    expect(toId(id.toUpperCase().replace('0X', '0x'))).toBe(id);
    expect(toId('0x1234')).toBe(keccak256(toBytes('0x1234')));
  });
});
