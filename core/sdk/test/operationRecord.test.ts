import { keccak256, stringToHex, zeroAddress } from 'viem';
import { describe, expect, it } from 'vitest';

import { type OperationPlan, decodeOperationDescription, encodeOperationDescription, isOperationId, newOperationId } from '../src/index.js';

const plan: OperationPlan = {
  operation: newOperationId(),
  kind: 'install',
  subject: { name: '@x/dpan-y', version: '1.0.0', contentHash: `0x${'ab'.repeat(32)}`, module: zeroAddress, preparationId: '7', source: 'registry' },
  steps: [
    { id: 'kernel.approve', type: 'proposal', committee: 'modules', target: zeroAddress, data: '0x12345678', label: 'approve' },
    { id: 'kernel.apply', type: 'kernel.apply', preparationId: '7', contentHash: `0x${'ab'.repeat(32)}`, label: 'apply' },
  ],
};

describe('operation descriptions', () => {
  it('round-trips a step of a plan through the bytes appended to propose and their hash', () => {
    expect(isOperationId(plan.operation)).toBe(true);
    const { description, descriptionHash } = encodeOperationDescription(plan, 'kernel.approve');
    expect(descriptionHash).toBe(keccak256(description));
    expect(decodeOperationDescription(description, descriptionHash)).toEqual({ format: 'citysync.operation/1', ...plan, step: 'kernel.approve' });
  });

  it('reads nothing from bytes that do not hash to the recorded descriptionHash, or are not an operation', () => {
    const { description, descriptionHash } = encodeOperationDescription(plan, 'kernel.approve');
    const forged = stringToHex(JSON.stringify({ format: 'citysync.operation/1', ...plan, step: 'kernel.apply' }));
    expect(decodeOperationDescription(forged, descriptionHash)).toBeUndefined();
    expect(decodeOperationDescription('0x', keccak256('0x'))).toBeUndefined();
    const text = stringToHex('raise the rate cap');
    expect(decodeOperationDescription(text, keccak256(text))).toBeUndefined();
    const badStep = stringToHex(JSON.stringify({ format: 'citysync.operation/1', ...plan, steps: [{ id: 'x', type: 'proposal', committee: 'mayor', target: zeroAddress, data: '0x', label: '' }], step: 'x' }));
    expect(decodeOperationDescription(badStep, keccak256(badStep))).toBeUndefined();
    expect(decodeOperationDescription(description, descriptionHash)).toBeDefined();
  });
});
