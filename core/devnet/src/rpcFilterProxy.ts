// A loopback JSON-RPC proxy in front of anvil that answers like a production node (Besu) would: every call is
// forwarded to anvil except anvil's own test methods (anvil_*, evm_*, hardhat_*), which get "Method not found".
// It counts the methods it saw, so a rehearsal can prove that nothing relied on a dev-only method.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CitySyncError } from '@citysync/sdk';

export type StartRpcFilterProxyParameters = {
  /** The node every allowed call goes to: a loopback URL (anvil's `rpcUrl`). */
  target: string;
  /** Loopback port to listen on. Default: one the OS picks. */
  port?: number | undefined;
  /** Method name prefixes refused with -32601. Default: `anvil_`, `evm_`, `hardhat_`. */
  refusedPrefixes?: readonly string[] | undefined;
};

/** How many times each method was seen: forwarded to the node, or refused by the proxy. */
export type RpcMethodCounts = { forwarded: Record<string, number>; refused: Record<string, number> };

export type RpcFilterProxy = {
  /** `http://127.0.0.1:<port>`: pass it as --rpc. */
  url: string;
  port: number;
  /** A copy of the counts so far. */
  counts(): RpcMethodCounts;
  /** Closes the server and its connections; resolves once closed. Idempotent. */
  stop(): Promise<void>;
};

/** The proxy's target is not a loopback http URL, or its port could not be bound. */
export class RpcFilterProxyError extends CitySyncError {
  override name = 'RpcFilterProxyError';
}

export const DEV_METHOD_PREFIXES: readonly string[] = ['anvil_', 'evm_', 'hardhat_'];

const MAX_BODY_BYTES = 32 * 1024 * 1024;

type RpcRequest = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
type RpcResponse = { jsonrpc: '2.0'; id: unknown; error?: { code: number; message: string }; result?: unknown };

/** The error a node without the method answers (Besu's words; geth says the same with another message). */
const methodNotFound = (id: unknown): RpcResponse => ({ jsonrpc: '2.0', id: id ?? null, error: { code: -32601, message: 'Method not found' } });

/**
 * Starts the filter on 127.0.0.1. Batches are split: refused calls are answered by the proxy, the rest go to the
 * node as one batch, and the answers are put back in the batch's order.
 *
 * @example
 * const filter = await startRpcFilterProxy({ target: anvil.rpcUrl });
 * await dpan('city', 'deploy', '--rpc', filter.url, ...);
 * console.log(filter.counts()); // { forwarded: { eth_chainId: 3, ... }, refused: {} }
 * await filter.stop();
 */
export async function startRpcFilterProxy(parameters: StartRpcFilterProxyParameters): Promise<RpcFilterProxy> {
  const target = new URL(parameters.target);
  if (target.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    throw new RpcFilterProxyError(`The filter forwards to a loopback node only, got ${parameters.target}.`, {
      details: 'Pass the rpcUrl of a local anvil (http://127.0.0.1:<port>).',
    });
  }
  const prefixes = parameters.refusedPrefixes ?? DEV_METHOD_PREFIXES;
  const counts: RpcMethodCounts = { forwarded: {}, refused: {} };
  const refuses = (call: RpcRequest) => typeof call.method === 'string' && prefixes.some((p) => (call.method as string).startsWith(p));
  const count = (calls: readonly RpcRequest[]) => {
    for (const call of calls) {
      const method = typeof call.method === 'string' ? call.method : '(no method)';
      const into = refuses(call) ? counts.refused : counts.forwarded;
      into[method] = (into[method] ?? 0) + 1;
    }
  };

  const forward = async (body: string): Promise<{ status: number; text: string }> => {
    const response = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, text: await response.text() };
  };

  const answer = async (text: string): Promise<{ status: number; text: string }> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { status: 200, text: JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }) };
    }
    const isObject = (value: unknown): value is RpcRequest => typeof value === 'object' && value !== null && !Array.isArray(value);
    if (isObject(parsed)) {
      count([parsed]);
      return refuses(parsed) ? { status: 200, text: JSON.stringify(methodNotFound(parsed.id)) } : await forward(text);
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every(isObject)) return await forward(text);
    const calls = parsed as RpcRequest[];
    count(calls);
    const allowed = calls.filter((call) => !refuses(call));
    let answered: RpcResponse[] = [];
    if (allowed.length > 0) {
      const node = await forward(JSON.stringify(allowed));
      const body: unknown = node.status === 200 ? JSON.parse(node.text) : undefined;
      if (!Array.isArray(body)) return node;
      answered = body as RpcResponse[];
    }
    // Put the node's answers back in the batch's order, by id (a node may answer a batch in any order).
    const byId = new Map<string, RpcResponse[]>();
    for (const response of answered) byId.set(JSON.stringify(response.id), [...(byId.get(JSON.stringify(response.id)) ?? []), response]);
    const responses: RpcResponse[] = [];
    for (const call of calls) {
      if (!('id' in call)) continue; // a notification gets no answer
      if (refuses(call)) responses.push(methodNotFound(call.id));
      else {
        const response = byId.get(JSON.stringify(call.id))?.shift();
        if (response !== undefined) responses.push(response);
      }
    }
    return { status: 200, text: JSON.stringify(responses) };
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('JSON-RPC over POST only\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) request.destroy();
      else chunks.push(chunk);
    });
    request.on('end', () => {
      answer(Buffer.concat(chunks).toString('utf8')).then(
        ({ status, text }) => response.writeHead(status, { 'content-type': 'application/json' }).end(text),
        (error: unknown) =>
          response
            .writeHead(502, { 'content-type': 'application/json' })
            .end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: `node unavailable: ${String(error)}` } })),
      );
    });
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new RpcFilterProxyError(`The filter could not listen on 127.0.0.1:${parameters.port ?? 0}.`, { cause: error })));
    server.listen(parameters.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts: () => ({ forwarded: { ...counts.forwarded }, refused: { ...counts.refused } }),
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
