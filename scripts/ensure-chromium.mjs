#!/usr/bin/env node
// Makes sure Debian's chromium is at /usr/bin/chromium (the browser the dashboard test drives with playwright-core):
// when it is missing, installs it with apt-get (as root), else explains what to run. Used by
// core/dashboard/test/dashboard.browser.test.ts; also runnable by hand: node scripts/ensure-chromium.mjs
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';

/** Returns the chromium path, installing it first if needed; throws an Error saying what to do when it cannot. */
export function ensureChromium({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const howTo = 'install it with: sudo apt-get update && sudo apt-get install -y chromium';
  if (process.platform !== 'linux' || spawnSync('apt-get', ['--version']).status !== 0) {
    throw new Error(`${CHROMIUM} is missing and apt-get is not available here: ${howTo} (Debian/Ubuntu), or install Chromium at ${CHROMIUM}.`);
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`${CHROMIUM} is missing and installing it needs root: ${howTo}`);
  }
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    log(`ensure-chromium: apt-get ${args.join(' ')}`);
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status}): ${String(result.stderr).trim().split('\n').slice(-3).join(' ')}\n${howTo}`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing: ${howTo}`);
  return CHROMIUM;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${ensureChromium()}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
