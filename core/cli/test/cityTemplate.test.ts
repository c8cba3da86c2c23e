// The city `dpan city init` writes ships inside @citysync/cli (templates/city/): outside this repository there is no
// examples/berkeley to copy. The template is the example, byte for byte.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const TEMPLATE = fileURLToPath(new URL('../templates/city/', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../../examples/berkeley/', import.meta.url));

describe('templates/city', () => {
  it('holds the files of examples/berkeley, each equal to the example (copy them there when the example changes)', () => {
    expect(readdirSync(TEMPLATE).sort()).toEqual(readdirSync(EXAMPLE).sort());
    for (const file of readdirSync(EXAMPLE)) {
      expect(readFileSync(`${TEMPLATE}${file}`, 'utf8'), `core/cli/templates/city/${file} differs from examples/berkeley/${file}`).toBe(
        readFileSync(`${EXAMPLE}${file}`, 'utf8'),
      );
    }
  });

  it('is published with the package', () => {
    const { files } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { files: string[] };
    expect(files).toContain('templates/');
  });
});
