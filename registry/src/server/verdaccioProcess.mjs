// The embedded registry's process: `node verdaccioProcess.mjs <config.yaml> <port>`.
// Plain JavaScript so that plain `node` runs it (no TypeScript loader in a detached server) and it starts fast.
// It runs in its own process so that a hung verdaccio can be killed, and `dpan registry start` can detach it.
import { runServer } from 'verdaccio';

const [configPath, portArg] = process.argv.slice(2);
const port = Number(portArg);
if (configPath === undefined || !Number.isInteger(port) || port <= 0) {
  console.error('usage: node verdaccioProcess.mjs <config.yaml> <port>');
  process.exit(2);
}

const server = await runServer(configPath);
server.once('error', (error) => {
  console.error(`verdaccio: ${error.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));

const shutdown = () => {
  server.close(() => process.exit(0));
  // Keep-alive sockets hold close() open; verdaccio answers a publish only once it is stored, so exiting is safe.
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
