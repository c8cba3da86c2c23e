import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';

import type { RelayerConfig } from '../config.js';
import { RelayRequestRefusedError } from '../errors.js';
import type { RelayerService } from '../relayer/relayerService.js';
import { parseJsonBody, relayRequestOf } from '../relayer/parseRelayBody.js';
import { openApiDocument } from './openapi.js';

export type CreateAppParameters = {
  logger: Logger;
  relayerConfig: RelayerConfig;
  /** Absent when the relayer part is not started: its routes are not registered. */
  relayer: RelayerService | undefined;
  version: string;
};

/** The error body every refusal has. */
export function sendRefusal(reply: FastifyReply, error: RelayRequestRefusedError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.code(error.status).send({
    error: {
      reason: error.reason,
      message: error.shortMessage,
      ...(error.pointer !== undefined ? { pointer: error.pointer } : {}),
      ...(error.revert !== undefined ? { revert: error.revert } : {}),
    },
  });
}

/**
 * The fastify app: JSON bodies parsed by our parser (depth measured before parsing, size bounded by fastify's
 * `bodyLimit`), the relayer routes when the relayer runs, and the OpenAPI document. Other parts add their routes.
 */
export function createApp({ logger, relayerConfig, relayer, version }: CreateAppParameters): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: relayerConfig.bodyLimitBytes,
    // A single 127.0.0.1 server: the client address is the socket's unless an operator puts a proxy in front.
    trustProxy: false,
  });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string, relayerConfig.maxJsonDepth));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.setErrorHandler((error: FastifyError | RelayRequestRefusedError, request, reply) => {
    if (error instanceof RelayRequestRefusedError) {
      if (error.status === 400) relayer?.refused(error.reason);
      return sendRefusal(reply, error);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      relayer?.refused('too-large');
      return sendRefusal(
        reply,
        new RelayRequestRefusedError(413, 'too-large', `The body is larger than ${relayerConfig.bodyLimitBytes} bytes; a signed request needs far less.`),
      );
    }
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      relayer?.refused('malformed');
      return sendRefusal(reply, new RelayRequestRefusedError(400, 'malformed', `body: ${error.message}; send a JSON object with content-type application/json.`, { pointer: '' }));
    }
    if (error.statusCode !== undefined && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: { reason: 'malformed', message: error.message } });
    }
    request.log.error({ err: error, url: request.url }, 'request failed');
    return reply.code(500).send({ error: { reason: 'internal', message: 'internal error; see the server log' } });
  });

  const document = openApiDocument(version);
  app.get('/v1/openapi.json', async () => document);

  if (relayer !== undefined) {
    app.post('/v1/requests', async (request, reply) => {
      const signed = relayRequestOf(request.body);
      const accepted = await relayer.submit(signed, request.ip);
      return reply.code(202).send(accepted);
    });
    app.get<{ Params: { id: string } }>('/v1/requests/:id', async (request, reply) => {
      const status = relayer.status(request.params.id);
      if (status === undefined) {
        return reply.code(404).send({ error: { reason: 'not-found', message: `no request ${request.params.id} on this relayer` } });
      }
      return status;
    });
  }
  return app;
}
