import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { isAddress } from 'viem';

import { getBalances } from '@citysync/sdk';

import type { ChainView } from '../relayer/chainView.js';

type Query = { limit?: string; offset?: string };

const page = (query: Query): { limit: number; offset: number } => {
  const limit = Math.min(1_000, Math.max(1, Number.parseInt(query.limit ?? '100', 10) || 100));
  const offset = Math.max(0, Number.parseInt(query.offset ?? '0', 10) || 0);
  return { limit, offset };
};

/**
 * The read endpoints, from the live index (tasks, offers) and the chain (an account's balances and nonce):
 * `GET /v1/tasks`, `GET /v1/offers`, `GET /v1/accounts/:address`. Each answer says which block the index is at.
 */
export function registerReadRoutes(app: FastifyInstance, db: () => Database.Database | undefined, view: ChainView): void {
  const indexedBlock = (d: Database.Database): number | null =>
    (d.prepare('SELECT block_number FROM cursor WHERE id = 0').pluck().get() as number | undefined) ?? null;
  const unavailable = { error: { reason: 'index-starting', message: 'the index is not open yet; retry in a moment' } };

  app.get<{ Querystring: Query }>('/v1/tasks', async (request, reply) => {
    const d = db();
    if (d === undefined) return reply.code(503).header('retry-after', '1').send(unavailable);
    const { limit, offset } = page(request.query);
    const rows = d
      .prepare(
        `SELECT p.task_id AS taskId, a.address AS issuer, p.module_id AS moduleId, p.task_type AS taskType, p.rate, p.slots,
                p.starts_at AS startsAt, COALESCE((SELECT c.ends_at FROM tasks c WHERE c.kind = 'closed' AND c.task_id = p.task_id
                  ORDER BY c.block_number DESC, c.log_index DESC LIMIT 1), p.ends_at) AS endsAt,
                p.zone_id AS zoneId, p.verifiers_required AS verifiersRequired,
                (SELECT COUNT(*) FROM claims k WHERE k.task_id = p.task_id) AS claimed, p.block_number AS publishedAt
         FROM tasks p JOIN addresses a ON a.id = p.issuer
         WHERE p.kind = 'published' ORDER BY p.task_id LIMIT ? OFFSET ?`,
      )
      .all(limit, offset);
    return { indexedBlock: indexedBlock(d), tasks: rows };
  });

  app.get<{ Querystring: Query }>('/v1/offers', async (request, reply) => {
    const d = db();
    if (d === undefined) return reply.code(503).header('retry-after', '1').send(unavailable);
    const { limit, offset } = page(request.query);
    const rows = d
      .prepare(
        `SELECT o.offer_id AS offerId, a.address AS redeemer,
                COALESCE((SELECT u.price FROM offers u WHERE u.kind = 'updated' AND u.offer_id = o.offer_id
                  ORDER BY u.block_number DESC, u.log_index DESC LIMIT 1), o.price) AS price,
                COALESCE((SELECT u.capacity FROM offers u WHERE u.kind = 'updated' AND u.offer_id = o.offer_id
                  ORDER BY u.block_number DESC, u.log_index DESC LIMIT 1), o.capacity) AS capacity,
                o.starts_at AS startsAt, o.ends_at AS endsAt, o.metadata_hash AS metadataHash,
                EXISTS (SELECT 1 FROM offers x WHERE x.kind = 'closed' AND x.offer_id = o.offer_id) AS closed,
                (SELECT COALESCE(SUM(r.units), 0) FROM redemptions r WHERE r.offer_id = o.offer_id) AS unitsRedeemed
         FROM offers o JOIN addresses a ON a.id = o.redeemer
         WHERE o.kind = 'created' ORDER BY o.offer_id LIMIT ? OFFSET ?`,
      )
      .all(limit, offset) as ({ closed: number } & Record<string, unknown>)[];
    return { indexedBlock: indexedBlock(d), offers: rows.map((r) => ({ ...r, closed: r.closed === 1 })) };
  });

  app.get<{ Params: { address: string } }>('/v1/accounts/:address', async (request, reply) => {
    const { address } = request.params;
    if (!isAddress(address, { strict: false })) {
      return reply.code(400).send({ error: { reason: 'malformed', pointer: '/address', message: `${address} is not an address: 0x followed by 40 hex digits.` } });
    }
    const [balances, nonce, head] = await Promise.all([
      getBalances(view.client, { city: view.contracts, account: address }),
      view.forwarderNonce(address),
      view.latestHead(),
    ]);
    const d = db();
    return {
      address,
      credits: balances.credits.toString(),
      votes: balances.votes.toString(),
      forwarderNonce: nonce.toString(),
      block: Number(head.number),
      indexedBlock: d === undefined ? null : indexedBlock(d),
    };
  });
}
