// The package's `dpan mce` plugin (package.json "dpan" field, dpan-commands.js, src/cli/) is outside the module's
// content hash: adding, changing or removing it leaves the version the kernel records unchanged. And it ships.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { readModuleDirectory } from '@citysync/module-kit';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('the dpan mce plugin', () => {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { dpan: { commands: string }; files: string[] };

  it('is declared in package.json and published', () => {
    expect(manifest.dpan).toEqual({ commands: './dpan-commands.js' });
    expect(manifest.files).toEqual(expect.arrayContaining(['dpan-commands.js', 'src/']));
  });

  it('is not hashed: the package without it has the same content hash', () => {
    const withPlugin = readModuleDirectory(PACKAGE_DIR);
    expect(Object.keys(withPlugin.files).filter((path) => /^(package\.json|dpan-commands\.js|src\/)/.test(path))).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'blight-no-plugin-'));
    try {
      cpSync(PACKAGE_DIR, dir, {
        recursive: true,
        filter: (source) => !/[/\\](node_modules|out|cache|test|scripts|dpan-commands\.js)([/\\]|$)/.test(source) && !/[/\\]src[/\\]cli([/\\]|$)/.test(source),
      });
      const { dpan: _plugin, ...withoutField } = manifest;
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...withoutField, files: manifest.files.filter((f) => f !== 'dpan-commands.js') }, null, 2));
      expect(readModuleDirectory(dir).contentHash).toBe(withPlugin.contentHash);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
