#!/usr/bin/env node
// A `solc` binary for forge, backed by the npm `solc` package (forge cannot download compilers offline).
// Answers `--version` and `--standard-json` (input on stdin), resolving imports under --base-path/--include-path.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const solc = require('solc');

const args = process.argv.slice(2);

function flagValues(name) {
  const values = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name && i + 1 < args.length) values.push(args[++i]);
    else if (args[i].startsWith(`${name}=`)) values.push(args[i].slice(name.length + 1));
  }
  return values;
}

function nativeVersion() {
  // "0.8.29+commit.ab55807c.Emscripten.clang" -> "0.8.29+commit.ab55807c.Linux.g++"
  return solc.version().replace(/\.Emscripten\.clang$/, '.Linux.g++');
}

function write(out) {
  // A plain process.exit() truncates piped stdout past 64 KiB: exit only once the write has drained.
  process.stdout.write(out, () => process.exit(0));
}

if (args.includes('--version') || args.includes('-v')) {
  write(`solc, the solidity compiler commandline interface\nVersion: ${nativeVersion()}\n`);
} else if (args.includes('--standard-json')) {
  const roots = [...flagValues('--base-path'), ...flagValues('--include-path'), process.cwd()];
  const findImports = (importPath) => {
    for (const root of roots) {
      const candidate = path.resolve(root, importPath);
      if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
    }
    return { error: `File not found under ${roots.join(', ')}: ${importPath}` };
  };
  const input = fs.readFileSync(0, 'utf8');
  write(solc.compile(input, { import: findImports }));
} else {
  process.stderr.write('usage: solc --version | solc --standard-json [--base-path P] [--include-path P]\n');
  process.exit(2);
}
