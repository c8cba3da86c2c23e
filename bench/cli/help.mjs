// `node bench/cli/help.mjs`: wall time of `dpan --help` (a fresh Node process each run, as a user types it),
// 20 runs after 2 warm-ups, median reported as cliHelpMs in bench/results/cli.json. Target: <= 300 ms.
// What bounds it: Node's own start-up (measured alongside as `nodeStartupMs`, `node -e ""`) plus loading
// commander and declaring the commands; no TypeScript or viem is loaded for --help.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNS = 20;
const WARMUP = 2;
const TARGET_MS = 300;
const bin = fileURLToPath(new URL('../../core/cli/bin/dpan.js', import.meta.url));
const out = fileURLToPath(new URL('../results/cli.json', import.meta.url));

function timeRuns(args) {
  const times = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (i >= WARMUP) times.push(ms);
  }
  return times.sort((a, b) => a - b);
}

const median = (sorted) => (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
const round = (ms) => Math.round(ms * 10) / 10;

const help = timeRuns([bin, '--help']);
const node = timeRuns(['-e', '']);
const result = {
  cliHelpMs: round(median(help)),
  targetMs: TARGET_MS,
  pass: median(help) <= TARGET_MS,
  runs: RUNS,
  minMs: round(help[0]),
  maxMs: round(help[help.length - 1]),
  nodeStartupMs: round(median(node)),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim(), node: process.version },
  loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
  measuredAt: new Date().toISOString(),
};
mkdirSync(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `dpan --help: median ${result.cliHelpMs} ms over ${RUNS} runs (min ${result.minMs}, max ${result.maxMs}); ` +
    `node start-up alone ${result.nodeStartupMs} ms; target <= ${TARGET_MS} ms: ${result.pass ? 'pass' : 'FAIL'}`,
);
console.log(`wrote ${out}`);
process.exitCode = result.pass ? 0 : 1;
