import type { SchemaValidationError } from '@citysync/schemas';
import type { Address, BaseErrorType, Hex } from 'viem';

import { type CompletionStatus, getCompletion } from '../actions/getCompletion.js';
import type { ContractRevertError } from '../errors/contract.js';
import type { CityContracts } from '../types/city.js';
import type { CityReadClient } from '../types/client.js';
import { type HashEvidenceOptions, hashEvidence } from './hashEvidence.js';

export type VerifyEvidenceParameters = HashEvidenceOptions & {
  city: Pick<CityContracts, 'taskBoard'>;
  completionId: bigint;
  /** The evidence document as published off chain. */
  evidence: unknown;
};

export type VerifyEvidenceReturnType = {
  /** Whether the document's hash is the one the completion carries. */
  matches: boolean;
  /** The document's hash, recomputed here. */
  computed: Hex;
  /** The hash recorded on chain with the completion. */
  onChain: Hex;
  participant: Address;
  status: CompletionStatus;
};

/** `SchemaValidationError` for an invalid document, `TaskBoardUnknownCompletion`, or viem's transport errors. */
export type VerifyEvidenceErrorType = SchemaValidationError | ContractRevertError | BaseErrorType;

/** Recomputes an evidence document's hash and compares it with the one completion `completionId` carries. */
export async function verifyEvidence(
  client: CityReadClient,
  parameters: VerifyEvidenceParameters,
): Promise<VerifyEvidenceReturnType> {
  const { city, completionId, evidence, file } = parameters;
  const computed = hashEvidence(evidence, { file });
  const completion = await getCompletion(client, { city, completionId });
  return {
    matches: computed === completion.evidenceHash,
    computed,
    onChain: completion.evidenceHash,
    participant: completion.participant,
    status: completion.status,
  };
}
