#!/usr/bin/env node
// Opcode anatomy of one measured benchmark transaction: where its gas goes (cold/warm SLOADs, SSTOREs by price
// class, LOGs, account accesses, the rest). It is how the "what bounds it" counts in BENCHMARKS.md were made.
//
//   node scripts/gas-anatomy.mjs <test> <function signature> [--path <test file>] [--slots]
//   node scripts/gas-anatomy.mjs test_gas_project_verifyMint 'verify(uint256)'
//   node scripts/gas-anatomy.mjs test_gas_anchor_erc20Burn 'burn(uint256)' --path bench/gas/GasBench.t.sol --slots
//
// It runs that one test under the bench profile with `--debug --dump` (forge's debugger steps as JSON, ~150 MB for
// a test that deploys a city, written to a temporary file and removed afterwards) and analyses the last top-level
// call of the test whose selector is the signature's: the measured transaction. Costs are forge's per-step
// `gas_cost`; a CALL-family opcode's cost includes the gas it forwards, so account-access costs are the
// remainder: execution gas minus everything else.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { foundryBinary } from '@citysync/contracts/foundry-tool';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name) => {
  const i = argv.indexOf(name);
  if (i === -1) return undefined;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const slots = argv.includes('--slots');
if (slots) argv.splice(argv.indexOf('--slots'), 1);
const path = flag('--path') ?? 'bench/gas/ProjectGasBench.t.sol';
const [test, signature] = argv;
if (!test || !signature) {
  console.error("usage: node scripts/gas-anatomy.mjs <test> '<fn(types)>' [--path <test file>] [--slots]");
  process.exit(2);
}

if (/Batch50/.test(test)) {
  // Its setup is ~400 transactions: forge's dump of it does not fit in memory (the process is killed).
  console.error('gas-anatomy: the 50-completion batch tests are too large to dump; analyse a smaller batch instead');
  process.exit(2);
}

const { toFunctionSelector } = await import('viem');
const selector = toFunctionSelector(signature);

const { binary: forge, reason } = foundryBinary('forge');
if (!forge) {
  console.error(`gas-anatomy: ${reason}`);
  process.exit(1);
}

// The test writes its figure to bench/results/.figures (FullTxGas); leave that folder as it was found.
const FIGURES_DIR = join(ROOT, 'bench/results/.figures');
const figuresExisted = existsSync(FIGURES_DIR);
const dir = mkdtempSync(join(tmpdir(), 'gas-anatomy-'));
const dump = join(dir, 'dump.json');
let arena;
let names;
try {
  const run = spawnSync(forge, ['test', '--match-path', path, '--match-test', `^${test}\\(`, '--debug', '--dump', dump], {
    cwd: ROOT,
    env: { ...process.env, FOUNDRY_PROFILE: 'bench' },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0 || !existsSync(dump)) {
    console.error(run.stdout, run.stderr);
    console.error(`gas-anatomy: forge failed (exit ${run.status})`);
    process.exit(1);
  }
  const d = JSON.parse(readFileSync(dump, 'utf8'));
  arena = d.debug_arena;
  names = Object.fromEntries(Object.entries(d.contracts.identified_contracts).map(([a, n]) => [a.toLowerCase(), n]));
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (!figuresExisted) rmSync(FIGURES_DIR, { recursive: true, force: true });
}

// Frames of the measured call: from its first fragment up to the next fragment of the test contract.
const testAddr = arena[0].address.toLowerCase();
const starts = arena
  .map((n, i) => i)
  .filter((i) => i > 0 && arena[i].kind === 'CALL' && arena[i].calldata.startsWith(selector) && arena[i - 1].address.toLowerCase() === testAddr);
if (!starts.length) {
  console.error(`gas-anatomy: no top-level call to ${signature} (${selector}) in ${test}`);
  process.exit(1);
}
const first = starts[starts.length - 1];
let last = first;
while (last + 1 < arena.length && arena[last + 1].address.toLowerCase() !== testAddr) last++;
const frames = arena.slice(first, last + 1);

const CALLS = new Set([0xf1, 0xf2, 0xf4, 0xfa]);
const tally = { sloadCold: 0, sloadWarm: 0, sstore: {}, logs: [], extcode: 0, other: 0 };
const lines = [];
let nonCall = 0;
for (const f of frames) {
  const who = names[f.address.toLowerCase()] ?? f.address;
  for (const s of f.steps) {
    const { op, gas_cost: cost, stack } = s;
    if (!CALLS.has(op)) nonCall += cost;
    if (op === 0x54) {
      if (cost >= 2100) tally.sloadCold++;
      else tally.sloadWarm++;
      if (slots) lines.push(`  ${who.padEnd(22)} SLOAD  ${stack.at(-1)} ${cost}`);
    } else if (op === 0x55) {
      tally.sstore[cost] = (tally.sstore[cost] ?? 0) + 1;
      if (slots) lines.push(`  ${who.padEnd(22)} SSTORE ${stack.at(-1)} ${cost}`);
    } else if (op >= 0xa0 && op <= 0xa4) {
      tally.logs.push({ who, topics: op - 0xa0, bytes: Number.parseInt(stack.at(-2), 16), cost });
      if (slots) lines.push(`  ${who.padEnd(22)} LOG${op - 0xa0} ${Number.parseInt(stack.at(-2), 16)} bytes ${cost}`);
    } else if (op === 0x3b || op === 0x3c || op === 0x3f || op === 0x31) {
      tally.extcode += cost;
    } else if (!CALLS.has(op)) {
      tally.other += cost;
    } else if (slots) {
      lines.push(`  ${who.padEnd(22)} ${{ 0xf1: 'CALL', 0xf2: 'CALLCODE', 0xf4: 'DELEGATECALL', 0xfa: 'STATICCALL' }[op]} ${names[`0x${stack.at(-2).slice(-40)}`] ?? stack.at(-2)}`);
    }
  }
}
const f0 = frames[0].steps[0];
const fl = frames.at(-1).steps.at(-1);
const execution = f0.gas_remaining - (fl.gas_remaining - fl.gas_cost);
const sstoreGas = Object.entries(tally.sstore).reduce((a, [c, n]) => a + Number(c) * n, 0);
const logGas = tally.logs.reduce((a, l) => a + l.cost, 0);
const fmt = (n) => n.toLocaleString('en-US');

console.log(`${test}: ${signature} — execution ${fmt(execution)} gas (add 21,000 and calldata for the transaction)`);
console.log(`  frames: ${frames.map((f) => `${names[f.address.toLowerCase()] ?? f.address}:${f.kind}`).join(' > ')}`);
console.log(`  SLOAD   ${tally.sloadCold} cold x 2,100 + ${tally.sloadWarm} warm x 100 = ${fmt(tally.sloadCold * 2100 + tally.sloadWarm * 100)}`);
console.log(
  `  SSTORE  ${Object.entries(tally.sstore)
    .map(([c, n]) => `${n} x ${fmt(Number(c))}`)
    .join(' + ')} = ${fmt(sstoreGas)}   (22,100: zero->nonzero cold; 20,000: zero->nonzero after a read; 2,900: rewrite after a read; 100: slot already written)`,
);
console.log(`  LOG     ${tally.logs.map((l) => `${l.who} LOG${l.topics}/${l.bytes}B ${fmt(l.cost)}`).join(', ')} = ${fmt(logGas)}`);
console.log(`  account accesses (CALL family, EXTCODESIZE): ${fmt(execution - nonCall + tally.extcode)}  (cold: 2,600 each)`);
console.log(`  everything else (stack, memory, hashing, calldata/returndata copies): ${fmt(tally.other)}`);
if (slots) console.log(lines.join('\n'));
