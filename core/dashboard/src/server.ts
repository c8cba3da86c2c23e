// `dpan dashboard`'s web server: node:http only, on loopback. The page is rendered from fresh figures on each load
// (the index catches up first); leaflet is served from the installed package, so nothing comes from a CDN.
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { toJson } from '@citysync/sdk';
import type { DashboardCity, IndexDashboardCity, OpenDashboardRegistry } from './dashboardCity.js';
import { DashboardListenError } from './errors.js';
import { type DashboardData, readDashboardData, readGeoJson } from './readDashboardData.js';
import { renderDashboardPage } from './render.js';

// The package's static/ beside src/ (run from source) and dist/ (built): tsc copies no .css or .js assets.
const STATIC_DIR = fileURLToPath(new URL('../static/', import.meta.url));
const LEAFLET_DIR = dirname(createRequire(import.meta.url).resolve('leaflet/dist/leaflet.js'));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export type StartDashboardServerParameters = {
  /** The opened city (checked on its chain). */
  connection: DashboardCity;
  /** Brings the city's index up to the chain's head before each read. */
  index: IndexDashboardCity;
  /** Connects to the registry network, as for `dpan status`, before each read. */
  openRegistry: OpenDashboardRegistry;
  /** A GeoJSON FeatureCollection of zones (or hazards) to draw on the map. */
  geojson?: string | undefined;
  /** Default 0: a free port. */
  port?: number | undefined;
  /** Default 127.0.0.1. */
  host?: string | undefined;
};

export type DashboardServer = {
  url: string;
  port: number;
  /** The figures the page shows, read now (what /api/dashboard.json returns). */
  read(): Promise<DashboardData>;
  close(): Promise<void>;
};

/** Resolves `path` inside `root`, or undefined when it would leave it. */
function inside(root: string, path: string): string | undefined {
  const file = normalize(join(root, decodeURIComponent(path)));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

export type DashboardHandler = {
  /** Answers one GET or HEAD request: the page, its JSON, the zone map, or a static file (404 for anything else). */
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** The figures the page shows, read now. */
  read(): Promise<DashboardData>;
};

/**
 * The dashboard as a request handler, for a server that serves other things too (`dpan serve` mounts it beside
 * the relayer API): the same pages {@link startDashboardServer} serves.
 */
export function createDashboardHandler(
  parameters: Omit<StartDashboardServerParameters, 'port' | 'host'>,
): DashboardHandler {
  const { connection, index, openRegistry } = parameters;
  const zones = parameters.geojson === undefined ? undefined : { file: parameters.geojson, collection: readGeoJson(parameters.geojson) };
  // One read at a time: concurrent loads share it rather than index twice.
  let pending: Promise<DashboardData> | undefined;
  const read = (): Promise<DashboardData> => {
    pending ??= readDashboardData({ connection, index, openRegistry, zones }).finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      response.end(body);
    };
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const serveFile = async (file: string | undefined) => {
      if (file === undefined) return send(404, 'text/plain; charset=utf-8', 'not found');
      try {
        send(200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
      } catch {
        send(404, 'text/plain; charset=utf-8', 'not found');
      }
    };
    const answer = async () => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'method not allowed');
      if (path === '/' || path === '/index.html') return send(200, TYPES['.html'] as string, renderDashboardPage(await read()));
      if (path === '/api/dashboard.json') return send(200, TYPES['.json'] as string, toJson(await read()));
      if (path === '/api/zones.geojson') return send(200, TYPES['.geojson'] as string, JSON.stringify(zones?.collection ?? { type: 'FeatureCollection', features: [] }));
      if (path.startsWith('/vendor/leaflet/')) return await serveFile(inside(LEAFLET_DIR, path.slice('/vendor/leaflet/'.length)));
      return await serveFile(inside(STATIC_DIR, path.slice(1)));
    };
    answer().catch((error: unknown) => send(500, 'text/plain; charset=utf-8', `The dashboard could not read the city: ${(error as Error).message}`));
  };
  return { handle, read };
}

/** Reads the zone map and serves the dashboard of the opened city until close(). */
export async function startDashboardServer(parameters: StartDashboardServerParameters): Promise<DashboardServer> {
  const { handle, read } = createDashboardHandler(parameters);
  const server = createServer(handle);
  const host = parameters.host ?? '127.0.0.1';
  const port = parameters.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new DashboardListenError(host, port, error)));
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://${host}:${bound}/`,
    port: bound,
    read,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
