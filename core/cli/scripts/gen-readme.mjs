#!/usr/bin/env node
// The README's command table, generated from the commander tree: dpan's own groups (commands/*.js) and the commands
// of the packages @citysync/cli depends on (their package.json "dpan" field), so `npm install @citysync/cli` has
// exactly these. `node core/cli/scripts/gen-readme.mjs` rewrites the table between the markers; `--check` exits 1
// when the README is stale (test/readme.test.ts runs the same check).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { examplesOf } from '../kit/help.js';
import { createKit } from '../kit/index.js';
import { discoverPlugins, registerPlugins } from '../kit/plugins.js';
import { createProgram } from '../kit/program.js';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
export const README = fileURLToPath(new URL('../README.md', import.meta.url));
export const BEGIN = '<!-- dpan commands: generated from the command tree by scripts/gen-readme.mjs; do not edit by hand -->';
export const END = '<!-- end of dpan commands -->';

/** The commands `npm install @citysync/cli` brings: dpan's own and its dependencies' plugins. */
export async function shippedProgram() {
  const program = createProgram();
  const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  // No city: a city's installed modules are not part of the package.
  const found = discoverPlugins({ cliDir: CLI_DIR, cwd: CLI_DIR, cityDir: fileURLToPath(new URL('./no-city/', import.meta.url)) });
  const shipped = { plugins: found.plugins.filter((p) => p.name in dependencies), problems: [] };
  await registerPlugins(program, shipped, createKit);
  return program;
}

/** Every leaf command below `cmd`, in the order --help lists them. */
function leaves(cmd) {
  return cmd.commands.flatMap((sub) => (sub.commands.length > 0 ? leaves(sub) : [sub]));
}

function commandLine(cmd) {
  const names = [];
  for (let current = cmd; current !== null && current !== undefined; current = current.parent) names.unshift(current.name());
  const args = cmd.usage().replace('[options]', '').trim();
  return args === '' ? names.join(' ') : `${names.join(' ')} ${args}`;
}

const cell = (text) => text.replaceAll('|', '\\|');
/** Prose cells: `<n>` would be read as an HTML tag. */
const prose = (text) => cell(text).replaceAll('<', '&lt;');

/** The markdown table: command, what it does, its first example. */
export function commandTable(program) {
  const rows = leaves(program).map((cmd) => {
    const [example] = examplesOf(cmd);
    return `| \`${cell(commandLine(cmd))}\` | ${prose(cmd.description())} | ${example === undefined ? '' : `\`${cell(example)}\``} |`;
  });
  return ['| command | what it does | example |', '| --- | --- | --- |', ...rows].join('\n');
}

export class ReadmeMarkersError extends Error {
  name = 'ReadmeMarkersError';
}

/** `readme` with the text between the markers replaced by `table`. */
export function withTable(readme, table) {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin === -1 || end < begin) throw new ReadmeMarkersError(`${README}: the markers ${BEGIN} and ${END} are missing; put them where the table goes.`);
  return `${readme.slice(0, begin + BEGIN.length)}\n${table}\n${readme.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const current = readFileSync(README, 'utf8');
  const next = withTable(current, commandTable(await shippedProgram()));
  if (process.argv.includes('--check')) {
    if (next !== current) {
      process.stderr.write(`${README} is stale: run node core/cli/scripts/gen-readme.mjs\n`);
      process.exitCode = 1;
    }
  } else if (next !== current) {
    writeFileSync(README, next);
    process.stdout.write(`wrote ${README}\n`);
  }
}
