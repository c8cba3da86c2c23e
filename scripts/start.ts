// `npm start`: the whole City/Sync story on embedded defaults (see scripts/start/story.ts for its six steps).
// CITYSYNC_PARTICIPANTS sets the blight MCE's size (default below, chosen to finish in under three minutes on a
// 2-core machine). Ctrl-C stops every chain and registry it started.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { runStory } from './start/story.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_PARTICIPANTS = 200;

const participants = Number(process.env['CITYSYNC_PARTICIPANTS'] ?? DEFAULT_PARTICIPANTS);
if (!Number.isInteger(participants) || participants < 8) {
  console.error(`CITYSYNC_PARTICIPANTS=${process.env['CITYSYNC_PARTICIPANTS']}: give a whole number of at least 8.`);
  process.exit(2);
}

const abort = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) return;
  interrupted = true;
  console.error('\ninterrupted: stopping the chains and the registry it started...');
  abort.abort();
});

try {
  await runStory({ root: ROOT, participants, out: { write: (line) => console.log(line), tty: process.stdout.isTTY === true }, signal: abort.signal });
} catch (error) {
  console.error(interrupted ? 'stopped.' : error instanceof Error ? error.message : error);
  process.exitCode = interrupted ? 130 : 1;
}
