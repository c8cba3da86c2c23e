import { createServer } from 'node:net';

import { CitySyncError } from '@citysync/sdk';

/**
 * Asks the OS for a free loopback port (listen on port 0, read it, close). Another process may take it before the
 * caller binds it: {@link startProcess} retries with a new one.
 */
export async function getFreePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new CitySyncError(`The OS gave no TCP port for 127.0.0.1:0 (address: ${String(address)}).`));
        return;
      }
      const { port } = address;
      server.close((error) => (error ? reject(error) : resolve(port)));
    });
  });
}
