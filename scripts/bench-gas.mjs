#!/usr/bin/env node
// `npm run bench:gas`: one forge run (FOUNDRY_PROFILE=bench, every top-level call its own transaction)
// measures the project's operations and the stock anchors in full-transaction gas; this script collects
// the figures into bench/results/gas.json, computes the ratios against the targets and rewrites the
// `## Gas` section of BENCHMARKS.md. Method and conditions: bench/README.md.
//
//   node scripts/bench-gas.mjs                 measure, write gas.json and BENCHMARKS.md
//   node scripts/bench-gas.mjs --verify-anvil  also replay the anchor transactions on a local anvil
//                                              and require receipt gasUsed == the forge figures
//   node scripts/bench-gas.mjs --keep-raw      keep the per-figure files in bench/results/.figures
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { foundryBinary } from '@citysync/contracts/foundry-tool';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_DIR = join(ROOT, 'bench/results');
const FIGURES_DIR = join(RESULTS_DIR, '.figures'); // written by bench/gas/FullTxGas.sol, one file per figure
const GAS_JSON = join(RESULTS_DIR, 'gas.json');
const BENCHMARKS_MD = join(ROOT, 'BENCHMARKS.md');
const BENCH_OUT = join(ROOT, 'cache/bench/out'); // [profile.bench] out, in foundry.toml
const COMMAND = 'npm run bench:gas';
const FORGE_ARGS = ['test', '--match-path', 'bench/gas/*'];
const MARK_BEGIN = '<!-- gas:begin -->';
const MARK_END = '<!-- gas:end -->';

// Targets are upper bounds: a ratio meets its target when it is <= the target.
const TARGETS = { verifyMintVsAnchor: 0.6, batch50VsSingle: 0.5, redeemVsBurn: 1.3 };
const RATIOS = {
  verifyMintVsAnchor: {
    definition: 'project_verifyMint / (anchor_easAttest + anchor_erc20VotesMint)',
    needs: ['project_verifyMint', 'anchor_easAttest', 'anchor_erc20VotesMint'],
    compute: (f) => f.project_verifyMint / (f.anchor_easAttest + f.anchor_erc20VotesMint),
  },
  batch50VsSingle: {
    definition: 'project_verifyBatch50_perCompletion / project_verifyMint',
    needs: ['project_verifyBatch50_perCompletion', 'project_verifyMint'],
    compute: (f) => f.project_verifyBatch50_perCompletion / f.project_verifyMint,
  },
  redeemVsBurn: {
    definition: 'project_redeem / anchor_erc20Burn',
    needs: ['project_redeem', 'anchor_erc20Burn'],
    compute: (f) => f.project_redeem / f.anchor_erc20Burn,
  },
};
const ANCHORS = ['anchor_erc20VotesMint', 'anchor_easAttest', 'anchor_erc20Burn'];

const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (!['--verify-anvil', '--keep-raw'].includes(a)) {
    console.error(`bench-gas: unknown argument ${a}\nusage: node scripts/bench-gas.mjs [--verify-anvil] [--keep-raw]`);
    process.exit(2);
  }
}

function fail(message) {
  console.error(`bench-gas: ${message}`);
  process.exit(1);
}

/**
 * The platform forge binary, never the npm wrapper: it exits 0 even when forge fails, so a compile error or a
 * failing benchmark test would go unnoticed and stale or partial figures would be written.
 */
function forgeBinary() {
  const { binary, reason } = foundryBinary('forge');
  if (!binary) fail(reason);
  return binary;
}
const FORGE = forgeBinary();

/** Runs the benchmark tests; stale figures are removed first so that every figure is from this run. */
function runForge() {
  rmSync(FIGURES_DIR, { recursive: true, force: true });
  console.log(`$ FOUNDRY_PROFILE=bench ${relative(ROOT, FORGE)} ${FORGE_ARGS.join(' ')}`);
  const run = spawnSync(FORGE, FORGE_ARGS, {
    cwd: ROOT,
    env: { ...process.env, FOUNDRY_PROFILE: 'bench' },
    stdio: 'inherit',
  });
  if (run.error) fail(`could not start forge: ${run.error.message}`);
  if (run.signal) fail(`forge test was killed (${run.signal})`);
  if (run.status !== 0) fail(`forge test failed (exit ${run.status}); no figures written`);
}

function readFigures() {
  if (!existsSync(FIGURES_DIR)) fail(`forge wrote no figures to ${relative(ROOT, FIGURES_DIR)}`);
  const raw = {};
  for (const file of readdirSync(FIGURES_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const r = JSON.parse(readFileSync(join(FIGURES_DIR, file), 'utf8'));
    raw[r.name] = r;
  }
  const missingAnchors = ANCHORS.filter((a) => !(a in raw));
  if (missingAnchors.length) fail(`anchor figures missing: ${missingAnchors.join(', ')}`);
  return raw;
}

function computeRatios(figures) {
  const ratios = {};
  const omitted = {};
  for (const [name, r] of Object.entries(RATIOS)) {
    const missing = r.needs.filter((n) => !(n in figures));
    if (missing.length) omitted[name] = `not computed: ${missing.join(', ')} not measured yet`;
    else ratios[name] = Number(r.compute(figures).toFixed(4));
  }
  return { ratios, omitted };
}

function toolVersions() {
  const require = createRequire(import.meta.url);
  const solc = require('solc/package.json').version;
  const v = spawnSync(FORGE, ['--version'], { cwd: ROOT, encoding: 'utf8' });
  const forge = /Version:\s*([^\s]+)/.exec(v.stdout ?? '')?.[1] ?? 'unknown';
  const toml = readFileSync(join(ROOT, 'foundry.toml'), 'utf8');
  const evmVersion = /^evm_version\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? 'unknown';
  const optimizerRuns = Number(/^optimizer_runs\s*=\s*(\d+)/m.exec(toml)?.[1] ?? NaN);
  return { solc, forge, evmVersion, optimizerRuns };
}

function buildResult(raw) {
  const names = Object.keys(raw).sort();
  const figures = Object.fromEntries(names.map((n) => [n, raw[n].gas]));
  const breakdown = Object.fromEntries(
    names.map((n) => {
      const { txGas, items, intrinsicGas, calldataGas, executionGas } = raw[n];
      return [n, { txGas, items, intrinsicGas, calldataGas, executionGas }];
    }),
  );
  const { ratios, omitted } = computeRatios(figures);
  const { solc, forge, evmVersion, optimizerRuns } = toolVersions();
  const batch = raw.project_verifyBatch50_perCompletion;
  if (batch && batch.items !== 50) console.warn(`bench-gas: project_verifyBatch50_perCompletion has ${batch.items} items, not 50`);
  return {
    generatedBy: COMMAND,
    solc,
    forge,
    evmVersion,
    optimizerRuns,
    measure:
      'full-transaction gas (receipt gasUsed: 21,000 intrinsic + calldata + execution, after refunds), ' +
      'each operation its own transaction with cold state; per-item figures are transaction gas / items',
    figures,
    breakdown,
    ratios,
    ...(Object.keys(omitted).length ? { ratiosOmitted: omitted } : {}),
    targets: TARGETS,
    targetsAreUpperBounds: true,
  };
}

const fmt = (n) => n.toLocaleString('en-US');

function gasSection(result) {
  const lines = [
    '## Gas',
    '',
    'Full-transaction gas: what a relayer pays for each operation sent as its own transaction with cold state',
    '(21,000 intrinsic + calldata + execution, after refunds), measured the same way for the project and for the',
    `stock anchors in one forge run. solc ${result.solc}, EVM ${result.evmVersion}, optimizer ${result.optimizerRuns} runs, forge ${result.forge}.`,
    'Method and steady-state conditions: [bench/README.md](bench/README.md); figures: `bench/results/gas.json`.',
    '',
    '```sh',
    COMMAND,
    '```',
    '',
    '| figure | gas | tx gas | items | intrinsic | calldata | execution |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [name, gas] of Object.entries(result.figures)) {
    const b = result.breakdown[name];
    lines.push(
      `| \`${name}\` | ${fmt(gas)} | ${fmt(b.txGas)} | ${b.items} | ${fmt(b.intrinsicGas)} | ${fmt(b.calldataGas)} | ${fmt(b.executionGas)} |`,
    );
  }
  lines.push('', '| ratio | definition | measured | target (at most) | meets |', '| --- | --- | ---: | ---: | :---: |');
  for (const [name, r] of Object.entries(RATIOS)) {
    const target = result.targets[name];
    if (name in result.ratios) {
      const value = result.ratios[name];
      lines.push(`| \`${name}\` | ${r.definition} | ${value} | ${target} | ${value <= target ? 'yes' : 'no'} |`);
    } else {
      lines.push(`| \`${name}\` | ${r.definition} | — (${result.ratiosOmitted[name]}) | ${target} | — |`);
    }
  }
  lines.push(
    '',
    'What bounds each ratio (storage writes, cold accesses and logs counted per operation) and what was tried: the',
    'hand-written section [Gas: what bounds each ratio](#gas-what-bounds-each-ratio) below, outside this generated block.',
  );
  return lines.join('\n');
}

/** Replaces the text between the gas markers, keeping every other section of BENCHMARKS.md. */
function writeBenchmarksMd(section) {
  const block = `${MARK_BEGIN}\n${section}\n${MARK_END}`;
  let text = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, 'utf8') : '# Benchmarks\n';
  const begin = text.indexOf(MARK_BEGIN);
  const end = text.indexOf(MARK_END);
  if (begin !== -1 && end > begin) {
    text = text.slice(0, begin) + block + text.slice(end + MARK_END.length);
  } else if (begin === -1 && end === -1) {
    text = `${text.replace(/\s*$/, '')}\n\n${block}\n`;
  } else {
    fail(`${relative(ROOT, BENCHMARKS_MD)} has a broken ${MARK_BEGIN} ... ${MARK_END} pair; fix it by hand`);
  }
  writeFileSync(BENCHMARKS_MD, text);
}

// ---------------------------------------------------------------------------------------------------
// --verify-anvil: the forge figures must equal real receipts. Rebuilds the anchors' setUp
// (bench/gas/GasBench.t.sol) on a loopback anvil from the same artifacts, one transaction per block,
// then sends each anchor's byte-identical calldata from the same sender and compares receipt gasUsed.

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function artifact(file, contract) {
  const path = join(BENCH_OUT, file, `${contract}.json`);
  if (!existsSync(path)) fail(`artifact ${relative(ROOT, path)} not found (run the bench profile build first)`);
  const a = JSON.parse(readFileSync(path, 'utf8'));
  return { abi: a.abi, bytecode: a.bytecode.object };
}

async function verifyOnAnvil(raw, evmVersion) {
  const viem = await import('viem');
  const { foundry } = await import('viem/chains');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Same hardfork as the compiler target, so both sides price the same opcodes and calldata.
  const anvil = spawn(join(ROOT, 'node_modules/.bin/anvil'), ['--host', '127.0.0.1', '--port', String(port), '--hardfork', evmVersion, '--silent'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const stopAnvil = () => {
    try {
      process.kill(-anvil.pid, 'SIGTERM'); // the npm wrapper and the anvil binary it started
    } catch {}
  };
  process.once('exit', stopAnvil);
  try {
    const chain = { ...foundry, rpcUrls: { default: { http: [url] } } };
    const transport = viem.http(url);
    const pub = viem.createPublicClient({ chain, transport });
    const test = viem.createTestClient({ chain, transport, mode: 'anvil' });
    const wallet = viem.createWalletClient({ chain, transport });
    for (let i = 0; ; i++) {
      try {
        await pub.getChainId();
        break;
      } catch (e) {
        if (i > 100) throw new Error(`anvil did not start on ${url}: ${e.message}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    const issuer = raw.anchor_erc20VotesMint.from;
    const citizen = raw.anchor_erc20Burn.from;
    if (raw.anchor_easAttest.from !== issuer) throw new Error('expected the same issuer for mint and attest');
    const other = '0x00000000000000000000000000000000000b0b01';
    const [deployer] = await wallet.getAddresses();
    for (const a of [issuer, citizen]) {
      await test.impersonateAccount({ address: a });
      await test.setBalance({ address: a, value: viem.parseEther('100') });
    }
    const mined = async (hash, label) => {
      const receipt = await pub.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new Error(`${label} reverted (tx ${hash})`);
      return receipt;
    };
    // Explicit gas limits: anvil estimates against the latest block, where ERC20Votes would update a
    // checkpoint in place, so an estimate can fall short of the next block's new-checkpoint path.
    // The limit does not change gasUsed.
    const gas = 10_000_000n;
    const deploy = async (file, name, args = []) => {
      const { abi, bytecode } = artifact(file, name);
      const receipt = await mined(await wallet.deployContract({ account: deployer, abi, bytecode, args, gas }), `deploy ${name}`);
      return { abi, address: receipt.contractAddress };
    };
    const write = async (c, account, functionName, args) =>
      mined(await wallet.writeContract({ account, address: c.address, abi: c.abi, functionName, args, gas }), `setup ${functionName}`);

    // Mirror of GasBench.setUp (balances are the same order of magnitude: only zero/nonzero matters here).
    const e18 = 10n ** 18n;
    const votes = await deploy('AnchorTokens.sol', 'AnchorVotesToken', [issuer]);
    await write(votes, citizen, 'delegate', [citizen]);
    await write(votes, issuer, 'mint', [citizen, 100n * e18]);
    await write(votes, issuer, 'mint', [other, 100n * e18]);
    const burn = await deploy('AnchorTokens.sol', 'AnchorBurnToken', [citizen, 100n * e18]);
    await write(burn, citizen, 'transfer', [other, 50n * e18]);
    const registry = await deploy('SchemaRegistry.sol', 'SchemaRegistry');
    const eas = await deploy('EAS.sol', 'EAS', [registry.address]);
    await write(registry, deployer, 'register', ['uint256 value', viem.zeroAddress, true]);
    const schemaUid = viem.keccak256(viem.encodePacked(['string', 'address', 'bool'], ['uint256 value', viem.zeroAddress, true]));
    const attestCall = viem.decodeFunctionData({ abi: eas.abi, data: raw.anchor_easAttest.calldata });
    if (attestCall.args[0].schema !== schemaUid) throw new Error('attest calldata is for another schema');
    await write(eas, issuer, 'attest', [
      { schema: schemaUid, data: { ...attestCall.args[0].data, recipient: other } },
    ]);

    const targets = { anchor_erc20VotesMint: votes.address, anchor_easAttest: eas.address, anchor_erc20Burn: burn.address };
    const rows = [];
    for (const name of ANCHORS) {
      const r = raw[name];
      const hash = await wallet.sendTransaction({ account: r.from, to: targets[name], data: r.calldata, gas });
      const receipt = await mined(hash, name);
      rows.push({ name, forge: r.txGas, anvil: Number(receipt.gasUsed), executionOnly: r.executionGas });
    }
    console.log(`\nanvil (hardfork ${evmVersion}) receipts vs forge isolated figures:`);
    for (const row of rows) {
      console.log(`  ${row.name.padEnd(24)} forge ${fmt(row.forge).padStart(9)}  anvil ${fmt(row.anvil).padStart(9)}  ${row.forge === row.anvil ? 'equal' : `DIFF ${row.anvil - row.forge}`}`);
    }
    const bad = rows.filter((row) => row.forge !== row.anvil);
    if (bad.length) throw new Error(`forge figures differ from anvil receipts: ${bad.map((b) => b.name).join(', ')}`);
  } finally {
    stopAnvil();
    process.removeListener('exit', stopAnvil);
  }
}

// ---------------------------------------------------------------------------------------------------

runForge();
const raw = readFigures();
const result = buildResult(raw);
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(GAS_JSON, `${JSON.stringify(result, null, 2)}\n`);
writeBenchmarksMd(gasSection(result));
console.log(`\nwrote ${relative(ROOT, GAS_JSON)} and the Gas section of ${relative(ROOT, BENCHMARKS_MD)}`);
for (const [name, gas] of Object.entries(result.figures)) console.log(`  ${name.padEnd(38)} ${fmt(gas).padStart(9)}`);
for (const [name, value] of Object.entries(result.ratios)) console.log(`  ${name.padEnd(38)} ${String(value).padStart(9)}  (target <= ${TARGETS[name]})`);
for (const [name, why] of Object.entries(result.ratiosOmitted ?? {})) console.log(`  ${name.padEnd(38)} ${why}`);

if (args.has('--verify-anvil')) {
  try {
    await verifyOnAnvil(raw, result.evmVersion);
  } catch (e) {
    fail(`--verify-anvil: ${e.message}`);
  }
}
if (!args.has('--keep-raw')) rmSync(FIGURES_DIR, { recursive: true, force: true });
