import { type EvidenceDocument, SchemaValidationError } from '@citysync/schemas';
import { readDocument } from '@citysync/schemas/node';
import type { Address, Hash, Hex } from 'viem';
import { getBlock, readContract } from 'viem/actions';

import { claimTask } from '@citysync/sdk';
import { completeTask } from '@citysync/sdk';
import { publishTask } from '@citysync/sdk';
import { rejectCompletion } from '@citysync/sdk';
import { verifyBatch } from '@citysync/sdk';
import { verifyCompletion } from '@citysync/sdk';
import { TaskBoardAbi } from '@citysync/contracts';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type SignerOptions, openCityOf, signerOf, walletOf } from '../context.js';
import { CliUsageError } from '../errors.js';
import { parseBytes32, parseDuration, parseSmallUint, parseTime, parseUint } from '../parse.js';
import { defaultEvidenceSchemaHash } from '../evidenceSchema.js';

type WriteOptions = ChainOptions & SignerOptions & OutputOptions;

type PublishOptions = WriteOptions & {
  type: string;
  rate: string;
  slots: string;
  module?: string | undefined;
  zone: string;
  endsIn: string;
  end?: string | undefined;
  evidenceSchema?: string | undefined;
  verifiers: string;
};

export type PublishResult = {
  taskId: bigint;
  issuer: Address;
  module: string;
  taskType: string;
  rate: bigint;
  slots: number;
  start: bigint;
  end: bigint;
  hash: Hash;
};

/** `dpan task publish`: a task as an accredited issuer. */
export const publish = defineCommand(
  async (options: PublishOptions): Promise<PublishResult> => {
    const rate = parseUint(options.rate, '--rate');
    const slots = parseSmallUint(options.slots, '--slots', 2 ** 32 - 1);
    const verifiersRequired = parseSmallUint(options.verifiers, '--verifiers', 255);
    const evidenceSchemaHash: Hex =
      options.evidenceSchema === undefined ? defaultEvidenceSchemaHash() : parseBytes32(options.evidenceSchema, '--evidence-schema');
    const account = signerOf(options);
    const connection = await openCityOf(options);
    const { city } = connection;
    const module = options.module ?? connection.config.budgets?.[0]?.module;
    if (module === undefined) {
      throw new CliUsageError('city.json has no "budgets": name the module whose budget pays with --module <name>.');
    }
    const start = (await getBlock(connection.publicClient)).timestamp;
    const end = options.end !== undefined ? parseTime(options.end, '--end') : start + parseDuration(options.endsIn, '--ends-in');
    const { taskId, hash } = await publishTask(walletOf(connection, account), {
      city,
      module,
      taskType: options.type,
      rate,
      slots,
      start,
      end,
      zone: options.zone,
      evidenceSchemaHash,
      verifiersRequired,
    });
    return { taskId, issuer: account.address, module, taskType: options.type, rate, slots, start, end, hash };
  },
  {
    render: (r) =>
      `published task ${r.taskId}: ${r.taskType} (${r.module}), ${r.rate} credits x ${r.slots} slots, until ${new Date(Number(r.end) * 1000).toISOString()}\n` +
      `participants claim it with: dpan task claim ${r.taskId} --account <index>`,
  },
);

export type ClaimResult = { taskId: bigint; participant: Address; hash: Hash };

/** `dpan task claim <taskId>`. */
export const claim = defineCommand(
  async (taskIdArg: string, options: WriteOptions): Promise<ClaimResult> => {
    const taskId = parseUint(taskIdArg, '<taskId>');
    const account = signerOf(options);
    const connection = await openCityOf(options);
    const { city } = connection;
    const { hash } = await claimTask(walletOf(connection, account), { city, taskId });
    return { taskId, participant: account.address, hash };
  },
  {
    render: (r) =>
      `${r.participant} claimed task ${r.taskId}\nsubmit the work with: dpan task complete ${r.taskId} --evidence <file>`,
  },
);

export type CompleteResult = { taskId: bigint; completionId: bigint; participant: Address; evidenceHash: Hex; claimed: boolean; hash: Hash };

/** A claim recorded without a submission (`TaskBoard.claimOf`). */
const CLAIMED_NOT_SUBMITTED = 2n ** 64n - 1n;

/** The evidence document as parsed JSON (validation, and the checks against the task, happen in completeTask). */
function readEvidence(file: string): EvidenceDocument {
  const read = readDocument(file);
  if (!read.ok) throw new SchemaValidationError([read.issue]);
  return read.value as EvidenceDocument;
}

/**
 * `dpan task complete <taskId> --evidence <file>`: validates the evidence document, then submits its content hash
 * (claiming the slot in the same transaction when the account has not claimed it).
 */
export const complete = defineCommand(
  async (taskIdArg: string, options: WriteOptions & { evidence: string }): Promise<CompleteResult> => {
    const taskId = parseUint(taskIdArg, '<taskId>');
    const account = signerOf(options);
    const evidence = readEvidence(options.evidence);
    const connection = await openCityOf(options);
    const { city } = connection;
    const claimOf = await readContract(connection.publicClient, {
      address: city.taskBoard,
      abi: TaskBoardAbi,
      functionName: 'claimOf',
      args: [taskId, account.address],
    });
    if (claimOf !== 0n && claimOf !== CLAIMED_NOT_SUBMITTED) {
      throw new CliUsageError(`${account.address} already submitted task ${taskId} as completion ${claimOf}.`);
    }
    const claimed = claimOf === 0n;
    const { completionId, evidenceHash, hash } = await completeTask(walletOf(connection, account), {
      city,
      evidence,
      taskId,
      claim: claimed,
      file: options.evidence,
    });
    return { taskId, completionId, participant: account.address, evidenceHash, claimed, hash };
  },
  {
    render: (r) =>
      `${r.claimed ? 'claimed and ' : ''}submitted task ${r.taskId}: completion ${r.completionId} (evidence ${r.evidenceHash})\n` +
      `the issuer verifies it with: dpan task verify ${r.completionId}`,
  },
);

export type VerifyResult = { completionIds: bigint[]; minted: { completionId: bigint; participant: Address; credits: bigint }[]; hash: Hash };

/** `dpan task verify <completionIds...>`: one id, `verify`; several, one `verifyBatch` transaction. */
export const verify = defineCommand(
  async (ids: string[], options: WriteOptions): Promise<VerifyResult> => {
    const completionIds = ids.map((id) => parseUint(id, '<completionIds>'));
    const account = signerOf(options);
    const connection = await openCityOf(options);
    const { city } = connection;
    const wallet = walletOf(connection, account);
    const [first] = completionIds;
    if (completionIds.length === 1 && first !== undefined) {
      const { participant, credits, hash } = await verifyCompletion(wallet, { city, completionId: first });
      return { completionIds, minted: [{ completionId: first, participant, credits }], hash };
    }
    const batch = await verifyBatch(wallet, { city, completionIds });
    return { completionIds, minted: batch.verified, hash: batch.hash };
  },
  {
    render: (r) =>
      r.minted.map((m) => `verified completion ${m.completionId}: ${m.credits} credits minted to ${m.participant}`).join('\n'),
  },
);

export type RejectResult = { completionId: bigint; reasonCode: number; hash: Hash };

/** `dpan task reject <completionId> --reason <code>`. */
export const reject = defineCommand(
  async (id: string, options: WriteOptions & { reason: string }): Promise<RejectResult> => {
    const completionId = parseUint(id, '<completionId>');
    const reasonCode = parseSmallUint(options.reason, '--reason', 65_535);
    const account = signerOf(options);
    const connection = await openCityOf(options);
    const { city } = connection;
    const { hash } = await rejectCompletion(walletOf(connection, account), { city, completionId, reasonCode });
    return { completionId, reasonCode, hash };
  },
  { render: (r) => `rejected completion ${r.completionId} (reason ${r.reasonCode}): nothing is minted` },
);
