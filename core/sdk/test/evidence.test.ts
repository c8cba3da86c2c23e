// Evidence on chain: completeTask validates the document and submits its canonical hash (after a claim, or
// claiming in the same transaction); anyone recomputes the hash from the document, in any key order or format, and
// gets the CompletionSubmitted event's evidenceHash.
import { type Address, parseEventLogs } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EvidenceMismatchError, SchemaValidationError, canonicalJson, claimTask, completeTask, hashEvidence, isContractRevert, publishTask, verifyEvidence, type EvidenceDocument } from '@citysync/sdk';
import { TaskBoardAbi } from '@citysync/contracts';
import { latestTimestamp } from '../../../test/utils/chain.js';
import { MODULE, type TestCity, createTestCity, rejection } from '../../../test/utils/testCity.js';

let t: TestCity;
let taskId: bigint;
const EVIDENCE_SCHEMA = `0x${'ab'.repeat(32)}` as const;

const evidenceOf = (participant: Address, overrides: Partial<EvidenceDocument> = {}): EvidenceDocument => ({
  $schema: 'https://schemas.citysync.dev/evidence.schema.json',
  taskId: taskId.toString(),
  participant,
  observations: [
    { kind: 'bags-collected', value: 12 },
    { kind: 'lot-cleared', value: true, note: 'north corner done' },
  ],
  photos: [{ sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', mediaType: 'image/jpeg' }],
  location: { lat: 37.8716, lon: -122.2727 },
  startedAt: '2025-04-12T09:00:00Z',
  completedAt: '2025-04-12T10:45:00Z',
  zoneId: 'south-berkeley',
  ...overrides,
});

/** The same content with every object's keys reversed and pretty-printed, read back: what a third party holds. */
const reordered = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reordered);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reordered(v)]),
    );
  }
  return value;
};

beforeAll(async () => {
  t = await createTestCity();
  const now = await latestTimestamp(t.testClient);
  ({ taskId } = await publishTask(t.issuer, {
    city: t.city,
    module: MODULE,
    taskType: 'park-cleanup',
    rate: 5n,
    slots: 5,
    end: now + 24n * 3_600n,
    zone: 'south-berkeley',
    evidenceSchemaHash: EVIDENCE_SCHEMA,
  }));
});

afterAll(async () => {
  await t?.stop();
});

describe('completeTask', () => {
  it('submits the canonical hash after a claim; anyone recomputes it from the document', async () => {
    const participant = t.wallet(10);
    await t.testClient.setBalance({ address: participant.account.address, value: 10n ** 18n });
    await claimTask(participant, { city: t.city, taskId });
    const evidence = evidenceOf(participant.account.address);
    const result = await completeTask(participant, { city: t.city, evidence });
    expect(result.taskId).toBe(taskId);

    const [event] = parseEventLogs({ abi: TaskBoardAbi, eventName: 'CompletionSubmitted', logs: result.receipt.logs });
    expect(event?.args).toMatchObject({ completionId: result.completionId, taskId, evidenceHash: result.evidenceHash });

    const held = JSON.parse(JSON.stringify(reordered(evidence), null, 4)) as unknown;
    expect(JSON.stringify(held)).not.toBe(JSON.stringify(evidence));
    expect(canonicalJson(held)).toBe(canonicalJson(evidence));
    expect(hashEvidence(held)).toBe(event?.args.evidenceHash);

    const check = await verifyEvidence(t.publicClient, {
      city: t.city,
      completionId: result.completionId,
      evidence: held,
    });
    expect(check).toMatchObject({ matches: true, participant: participant.account.address, status: 'submitted' });
    const altered = { ...evidence, observations: [{ kind: 'bags-collected', value: 13 }] };
    const tampered = await verifyEvidence(t.publicClient, {
      city: t.city,
      completionId: result.completionId,
      evidence: altered,
    });
    expect(tampered.matches).toBe(false);
  });

  it('claims and submits in one transaction with claim: true', async () => {
    const { completionId, evidenceHash, receipt } = await completeTask(t.participant, {
      city: t.city,
      evidence: evidenceOf(t.participant.account.address),
      taskId,
      claim: true,
    });
    const claimed = parseEventLogs({ abi: TaskBoardAbi, eventName: 'TaskClaimed', logs: receipt.logs });
    expect(claimed.map((l) => l.args)).toEqual([{ taskId, participant: t.participant.account.address }]);
    const check = await verifyEvidence(t.publicClient, {
      city: t.city,
      completionId,
      evidence: evidenceOf(t.participant.account.address),
    });
    expect(check).toMatchObject({ matches: true, onChain: evidenceHash });

    const again = await rejection(
      completeTask(t.participant, { city: t.city, evidence: evidenceOf(t.participant.account.address), claim: true }),
    );
    if (!isContractRevert(again, 'TaskBoardAlreadyClaimed')) throw again;
    expect(again.args).toEqual([taskId, t.participant.account.address]);
  });

  it('without a claim fails with TaskBoardNotClaimed', async () => {
    const participant = t.wallet(11);
    await t.testClient.setBalance({ address: participant.account.address, value: 10n ** 18n });
    const error = await rejection(
      completeTask(participant, { city: t.city, evidence: evidenceOf(participant.account.address) }),
    );
    if (!isContractRevert(error, 'TaskBoardNotClaimed')) throw error;
    expect(error.args).toEqual([taskId, participant.account.address]);
  });

  it('an invalid document is refused before anything is sent, with file#/pointer issues', async () => {
    const participant = t.wallet(12);
    await t.testClient.setBalance({ address: participant.account.address, value: 10n ** 18n });
    const nonce = await t.publicClient.getTransactionCount({ address: participant.account.address });
    const invalid = evidenceOf(participant.account.address, { location: { lat: 123, lon: -122.27 } });
    const error = await rejection(
      completeTask(participant, { city: t.city, evidence: invalid, claim: true, file: 'alice-evidence.json' }),
    );
    expect(error).toBeInstanceOf(SchemaValidationError);
    expect((error as SchemaValidationError).details).toMatch(/^alice-evidence\.json#\/location\/lat: /m);
    expect(await t.publicClient.getTransactionCount({ address: participant.account.address })).toBe(nonce);
  });

  it('a document for another task or participant is refused: EvidenceMismatchError', async () => {
    const participant = t.wallet(12);
    const otherTask = await rejection(
      completeTask(participant, {
        city: t.city,
        evidence: evidenceOf(participant.account.address),
        taskId: taskId + 1n,
        claim: true,
      }),
    );
    expect(otherTask).toBeInstanceOf(EvidenceMismatchError);
    expect((otherTask as EvidenceMismatchError).shortMessage).toMatch(/^evidence\.json#\/taskId: /);
    const someoneElse = await rejection(
      completeTask(participant, { city: t.city, evidence: evidenceOf(t.participant.account.address), claim: true }),
    );
    expect(someoneElse).toBeInstanceOf(EvidenceMismatchError);
    expect((someoneElse as EvidenceMismatchError).pointer).toBe('/participant');
  });
});
