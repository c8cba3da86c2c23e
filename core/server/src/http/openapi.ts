import common from '@citysync/schemas/common.schema.json' with { type: 'json' };
import relayRequest from '@citysync/schemas/relay-request.schema.json' with { type: 'json' };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const commonPrefix = 'https://schemas.citysync.dev/common.schema.json#/$defs/';

/** A schema with its `$ref`s to the common definitions inlined, and without `$id`/`$schema`: self-contained for OpenAPI. */
function inline(node: Json): Json {
  if (Array.isArray(node)) return node.map(inline);
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  const ref = node['$ref'];
  if (typeof ref === 'string' && ref.startsWith(commonPrefix)) {
    Object.assign(out, (common.$defs as Record<string, Json>)[ref.slice(commonPrefix.length)] as object);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof ref === 'string' && ref.startsWith(commonPrefix)) continue;
    if (key === '$id' || key === '$schema') continue;
    out[key] = inline(value);
  }
  return out;
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['reason', 'message'],
      properties: {
        reason: {
          type: 'string',
          enum: [
            'malformed', 'too-deep', 'too-large', 'expired', 'invalid-signature', 'wrong-nonce', 'duplicate',
            'not-city-target', 'would-revert', 'rate-limited-signer', 'rate-limited-client', 'queue-full', 'stopping',
            'not-found', 'internal',
          ],
        },
        message: { type: 'string' },
        pointer: { type: 'string', description: 'JSON pointer of the offending field in the body' },
        revert: {
          type: 'object',
          properties: { errorName: { type: ['string', 'null'] }, args: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
  },
} as const;

const statusSchema = {
  type: 'object',
  required: ['id', 'status', 'from', 'nonce', 'to', 'txHash', 'outcome', 'error', 'acceptedAt'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'sent', 'confirmed', 'failed'] },
    from: { type: 'string' },
    nonce: { type: 'string' },
    to: { type: 'string' },
    txHash: { type: ['string', 'null'], description: 'The executeBatch transaction, once sent' },
    blockNumber: { type: ['integer', 'null'] },
    outcome: {
      type: ['string', 'null'],
      description: 'executed | executed-elsewhere (its nonce was used by another transaction) | reverted | expired | not-executed | batch-reverted',
    },
    error: {
      type: ['object', 'null'],
      description: 'Why it failed: the decoded revert of its call in the batch, or why it was not executed',
      properties: { name: { type: ['string', 'null'] }, message: { type: 'string' }, data: { type: ['string', 'null'] } },
    },
    acceptedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const refusal = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The OpenAPI 3.1 document of the server's API, served at `/v1/openapi.json`. */
export function openApiDocument(version: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'City/Sync city server (dpan serve)',
      version,
      description:
        "A city's relayer for participants' gasless signed requests (ERC-2771), and reads from the city's live index.",
    },
    paths: {
      '/v1/requests': {
        post: {
          summary: 'Queue a signed forward request; it is sent in an executeBatch transaction',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RelayRequest' } } } },
          responses: {
            '202': {
              description: 'Stored durably; it will be confirmed on chain or reported failed with its reason',
              content: {
                'application/json': {
                  schema: { type: 'object', required: ['id', 'status'], properties: { id: { type: 'string' }, status: { const: 'queued' } } },
                },
              },
            },
            '400': refusal('Malformed body (the JSON pointer of the field), or nested too deep'),
            '413': refusal('Body larger than the limit'),
            '422': refusal('The request can never execute: bad signature, expired, wrong nonce, not a city contract, or it would revert now (decoded)'),
            '429': refusal('Over the per-signer or per-client limit; see Retry-After'),
            '503': refusal('Queue full or shutting down; see Retry-After'),
          },
        },
      },
      '/v1/requests/{id}': {
        get: {
          summary: "A request's status: queued, sent, confirmed or failed, with its transaction and decoded revert",
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The status', content: { 'application/json': { schema: { $ref: '#/components/schemas/RequestStatus' } } } },
            '404': refusal('No request with this id'),
          },
        },
      },
      '/v1/tasks': { get: { summary: 'Tasks from the index', responses: { '200': { description: 'Tasks' } } } },
      '/v1/offers': { get: { summary: 'Redemption offers from the index', responses: { '200': { description: 'Offers' } } } },
      '/v1/accounts/{address}': {
        get: {
          summary: "An account's credit balance, votes and forwarder nonce",
          parameters: [{ name: 'address', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'The account' }, '400': refusal('Not an address') },
        },
      },
      '/healthz': { get: { summary: "Each part's state, chain head lag, queue depth", responses: { '200': { description: 'Healthy' }, '503': { description: 'A part is down' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'Prometheus text format' } } } },
    },
    components: {
      schemas: {
        RelayRequest: inline(relayRequest as unknown as Json),
        RequestStatus: statusSchema as unknown as Json,
        Error: errorSchema as unknown as Json,
      },
    },
  };
}
