import type { Address, Hex } from 'viem';

import { type RelayRequestBody, checkJsonDepth, formatIssue, validateDocument } from '@citysync/schemas';
import type { SignedForwardRequest } from '@citysync/sdk';

import { RelayRequestRefusedError } from '../errors.js';

/**
 * Parses a request body as JSON after measuring its nesting in one pass (a body nested thousands deep is refused
 * before any recursive code sees it). Throws a 400 {@link RelayRequestRefusedError} naming the place.
 */
export function parseJsonBody(text: string, maxDepth: number): unknown {
  const tooDeep = checkJsonDepth(text, { maxDepth, file: 'body' });
  if (tooDeep !== undefined) {
    throw new RelayRequestRefusedError(400, 'too-deep', formatIssue(tooDeep), { pointer: tooDeep.pointer });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RelayRequestRefusedError(400, 'malformed', `body: not JSON (${(error as Error).message}).`, { pointer: '' });
  }
}

/**
 * Validates a parsed body against the relay-request schema (schemas/relay-request.schema.json) and returns the
 * signed request with its numbers as bigints. Throws a 400 naming the JSON pointer of the first malformed field.
 */
export function relayRequestOf(body: unknown): SignedForwardRequest {
  const [issue] = validateDocument('relay-request', body, { file: 'body' });
  if (issue !== undefined) {
    throw new RelayRequestRefusedError(400, 'malformed', formatIssue(issue), { pointer: issue.pointer });
  }
  const { request } = body as RelayRequestBody;
  const deadline = Number(request.deadline);
  if (deadline > 2 ** 48 - 1) {
    throw new RelayRequestRefusedError(400, 'malformed', `body#/request/deadline: ${request.deadline} does not fit a uint48.`, {
      pointer: '/request/deadline',
    });
  }
  return {
    from: request.from as Address,
    to: request.to as Address,
    value: BigInt(request.value),
    gas: BigInt(request.gas),
    nonce: BigInt(request.nonce),
    deadline,
    data: request.data as Hex,
    signature: request.signature as Hex,
  };
}
