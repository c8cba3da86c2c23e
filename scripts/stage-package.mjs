// A framework package as it is published: a copy of its folder whose package.json points at dist/ instead of src/.
// In the repository `exports` name TypeScript sources (tsx and vitest run them); npm cannot rewrite `exports` at
// publish time, so scripts/publish-framework.mjs publishes this staged copy instead of the folder itself.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, posix, relative, sep } from 'node:path';

import { codeReferences } from './code-references.mjs';

/** Folders and files of a package never copied to the stage (src/ is replaced by the built dist/). */
const SKIPPED = new Set(['node_modules', 'src', '.turbo', 'coverage']);
const SOURCE = /^\.\/src\/(.+)\.ts$/;

export class StageError extends Error {
  name = 'StageError';
}

/**
 * `exports` with every `./src/X.ts` target replaced by `{ types: ./dist/X.d.ts, default: ./dist/X.js }`; under a
 * condition, by `./dist/X.d.ts` for `types` and `./dist/X.js` for the others. Other targets (JSON, plain-JS files,
 * patterns outside src/) are unchanged.
 */
export function distExports(value, condition) {
  if (typeof value === 'string') {
    const match = SOURCE.exec(value);
    if (match === null || value.endsWith('.d.ts')) return value;
    const types = `./dist/${match[1]}.d.ts`;
    const js = `./dist/${match[1]}.js`;
    if (condition === undefined) return { types, default: js };
    return condition === 'types' ? types : js;
  }
  if (Array.isArray(value)) return value.map((item) => distExports(item, condition));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, target]) => [key, distExports(target, key.startsWith('.') ? undefined : key)]),
    );
  }
  return value;
}

/** The published package.json: `exports` (and `main`/`types`) into dist/, `files` with dist/ in place of src/. */
export function publishedManifest(manifest) {
  const where = `${manifest.name}'s package.json`;
  if (!Array.isArray(manifest.files)) {
    throw new StageError(`${where} has no "files": list what the package publishes (src/, README.md, ...).`);
  }
  const files = manifest.files.map((entry) => (/^(\.\/)?src\/?$/.test(entry) ? 'dist/' : entry));
  if (!files.includes('dist/')) files.unshift('dist/');
  const published = { ...manifest, files };
  if (manifest.exports !== undefined) published.exports = distExports(manifest.exports);
  for (const field of ['main', 'module']) if (typeof manifest[field] === 'string') published[field] = toJs(manifest[field]);
  for (const field of ['types', 'typings']) if (typeof manifest[field] === 'string') published[field] = toDts(manifest[field]);
  return published;
}

const toJs = (path) => path.replace(/^(\.\/)?src\/(.+)\.ts$/, './dist/$2.js');
const toDts = (path) => path.replace(/^(\.\/)?src\/(.+)\.ts$/, './dist/$2.d.ts');

/**
 * Copies `pkg` (from scripts/workspace-packages.mjs) to `stageDir` with its built dist/ and the published
 * package.json, and checks that every file `exports` and `bin` name exists there.
 * Throws {@link StageError} when dist/ is missing or an entry point is not in the stage.
 */
export function stagePackage(pkg, stageDir) {
  if (!existsSync(join(pkg.absoluteDir, 'dist'))) {
    throw new StageError(`${pkg.dir}/dist does not exist: build first (npm run build).`);
  }
  cpSync(pkg.absoluteDir, stageDir, {
    recursive: true,
    filter: (source) => {
      const path = relative(pkg.absoluteDir, source);
      const top = path.split(sep)[0];
      return !SKIPPED.has(top) && !basename(source).endsWith('.tsbuildinfo');
    },
  });
  const manifest = publishedManifest(pkg.manifest);
  writeFileSync(join(stageDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const missing = entryPoints(manifest).filter((entry) => !existsSync(join(stageDir, entry.path)));
  if (missing.length > 0) {
    throw new StageError(
      `${pkg.name} would be published without ${missing.map((m) => `${m.path} (${m.field})`).join(', ')}: ` +
        `fix that field of ${pkg.dir}/package.json, or the build (npm run build) if the file should come from src/.`,
    );
  }
  return manifest;
}

/** Every file `exports` (patterns aside) and `bin` point at, with the field that names it. */
function entryPoints(manifest) {
  const found = [];
  const visit = (value, field) => {
    if (typeof value === 'string') {
      if (!value.includes('*')) found.push({ path: value, field });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, target] of Object.entries(value)) visit(target, `${field}["${key}"]`);
    }
  };
  visit(manifest.exports, 'exports');
  visit(typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : manifest.bin, 'bin');
  return found;
}

/**
 * What the packed files' JavaScript refers to by relative path but the package lacks: a file or folder outside
 * `files`, or a source the build did not compile. `src/X.ts` counts as present when `dist/X.js` is packed (code that
 * runs from a checkout and from the published package looks for either). `packedFiles`: paths in the tarball.
 */
export function missingReferences(stageDir, packedFiles) {
  const packed = new Set(packedFiles);
  const present = (path) =>
    path === '.' ||
    path === './' ||
    packed.has(path) ||
    packedFiles.some((file) => file.startsWith(path.endsWith('/') ? path : `${path}/`)) ||
    (/^src\/.+\.ts$/.test(path) && packed.has(path.replace(/^src\/(.+)\.ts$/, 'dist/$1.js')));
  return packedFiles
    .filter((file) => /\.[cm]?js$/.test(file))
    .flatMap((file) =>
      codeReferences(readFileSync(join(stageDir, file), 'utf8'))
        .filter((reference) => reference.specifier.startsWith('.'))
        .map((reference) => ({ ...reference, file, path: posix.join(posix.dirname(file), reference.specifier) }))
        .filter((reference) => !reference.path.startsWith('../') && !present(reference.path)),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
