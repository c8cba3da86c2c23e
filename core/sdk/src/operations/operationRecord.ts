import { type Address, type Hex, bytesToHex, hexToString, isAddress, isHex, keccak256, stringToHex } from 'viem';

import { type CommitteeName, committeeNames } from '../types/city.js';

/** What an operation does to the city. */
export type OperationKind = 'install' | 'update' | 'uninstall';

/** A decision one committee takes: one proposal, executed through the committee after its delay. */
export type OperationProposalStep = {
  /** Unique within the operation, e.g. `kernel.approve`, `taskPolicy`, `rateBounds:park-cleanup`, `budget`. */
  id: string;
  type: 'proposal';
  committee: CommitteeName;
  target: Address;
  data: Hex;
  /** What the decision does, in words. */
  label: string;
};

/** The kernel's apply of an approved preparation: anyone sends it, once the modules committee's approval executed. */
export type OperationApplyStep = {
  id: string;
  type: 'kernel.apply';
  /** Decimal string (JSON has no bigint). */
  preparationId: string;
  contentHash: Hex;
  label: string;
};

export type OperationStep = OperationProposalStep | OperationApplyStep;

/**
 * Everything one governed action needs, in execution order. Every proposal of the operation carries the whole plan
 * in its description, so any member or observer rebuilds the operation from the chain alone.
 */
export type OperationPlan = {
  /** `op-` and 12 hex digits, random at propose time. */
  operation: string;
  kind: OperationKind;
  /** The module and version the operation is about. */
  subject: {
    name: string;
    version: string;
    contentHash: Hex;
    /** The module's contract (installed, updated to, or uninstalled). */
    module: Address;
    preparationId: string;
    /** Where the package came from: a registry install writes the city's lockfile when it completes. */
    source: 'registry' | 'directory';
  };
  steps: OperationStep[];
};

/** The description recorded with one proposal of an operation: the plan and which of its steps the proposal is. */
export type OperationDescription = OperationPlan & { format: typeof OPERATION_FORMAT; step: string };

/** Marks a proposal description as an operation's (and its format's version). */
export const OPERATION_FORMAT = 'citysync.operation/1';

const OPERATION_ID = /^op-[0-9a-f]{12}$/;

/** A fresh operation id. */
export function newOperationId(): string {
  return `op-${bytesToHex(crypto.getRandomValues(new Uint8Array(6))).slice(2)}`;
}

export function isOperationId(value: string): boolean {
  return OPERATION_ID.test(value);
}

/**
 * The description of step `step` of `plan`, as the bytes appended to the committee's `propose` calldata, and their
 * keccak256, which the Committee records as the proposal's `descriptionHash`: the chain holds the text (in the
 * transaction) and the hash that proves it (in storage and the ProposalCreated event).
 */
export function encodeOperationDescription(plan: OperationPlan, step: string): { description: Hex; descriptionHash: Hex } {
  const record: OperationDescription = { format: OPERATION_FORMAT, ...plan, step };
  const description = stringToHex(JSON.stringify(record));
  return { description, descriptionHash: keccak256(description) };
}

/**
 * Reads back a description appended to a proposal's calldata: undefined when the bytes are not an operation's or
 * do not hash to the recorded `descriptionHash` (a proposal made by other tools, or a forged trailer).
 */
export function decodeOperationDescription(description: Hex, descriptionHash: Hex): OperationDescription | undefined {
  if (description.length <= 2 || keccak256(description) !== descriptionHash) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(hexToString(description));
  } catch {
    return undefined;
  }
  return isDescription(value) ? value : undefined;
}

function isDescription(value: unknown): value is OperationDescription {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<OperationDescription>;
  if (record.format !== OPERATION_FORMAT || typeof record.operation !== 'string' || !isOperationId(record.operation)) return false;
  if (record.kind !== 'install' && record.kind !== 'update' && record.kind !== 'uninstall') return false;
  if (typeof record.step !== 'string' || !Array.isArray(record.steps) || typeof record.subject !== 'object' || record.subject === null) return false;
  return record.steps.every(
    (s: Partial<OperationStep>) =>
      typeof s.id === 'string' &&
      typeof s.label === 'string' &&
      (s.type === 'kernel.apply'
        ? typeof s.preparationId === 'string' && isHex(s.contentHash)
        : s.type === 'proposal' &&
          (committeeNames as readonly string[]).includes(s.committee ?? '') &&
          isAddress(s.target ?? '', { strict: false }) &&
          isHex(s.data)),
  );
}
