// Documents nested far deeper than any City/Sync file: refused with the file and the place, never a stack overflow.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { MAX_DOCUMENT_DEPTH, checkJsonDepth, formatIssue, parseJsonc } from '../src/index.js';
import { validatePathReport } from '../src/node.js';

describe('checkJsonDepth', () => {
  it('names the JSON pointer and line of the first value nested too deep', () => {
    const text = '{\n  "a": [1, {"b": {"c": [[0]]}}],\n  "d": 2\n}';
    expect(checkJsonDepth(text, { maxDepth: 6, file: 'x.json' })).toBeUndefined();
    const issue = checkJsonDepth(text, { maxDepth: 5, file: 'x.json' });
    expect(issue && formatIssue(issue)).toBe(
      'x.json#/a/1/b/c/0: nested more than 5 levels deep (line 2 col 25); at most 5 levels of objects and arrays are accepted',
    );
  });

  it('ignores brackets inside strings, escaped quotes and (for JSONC) comments', () => {
    const text = '{"k\\"[": "[[[[", // [[[[\n /* {{{{ */ "v": [ ] }';
    expect(checkJsonDepth(text, { maxDepth: 2, file: 'x.json', comments: true })).toBeUndefined();
  });

  it('measures 100,000 levels without recursion', () => {
    const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const issue = checkJsonDepth(text, { maxDepth: 16, file: 'deep.json' });
    expect(issue?.pointer).toBe(`/${Array(16).fill(0).join('/')}`);
  });
});

describe('dpan validate on a file nested 100,000 deep', () => {
  it('reports the file and the place instead of overflowing the stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deep-'));
    const file = join(dir, 'city.json');
    writeFileSync(file, `{"name": ${'{"x": '.repeat(100_000)}1${'}'.repeat(100_000)}}`);
    expect(parseJsonc('[[1]]', 'a.json')).toEqual({ ok: true, value: [[1]] });
    const { issues } = validatePathReport(file);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.file).toBe(file);
    expect(issues[0]!.pointer).toBe(`/name${'/x'.repeat(MAX_DOCUMENT_DEPTH - 1)}`);
    expect(formatIssue(issues[0]!)).toContain(`nested more than ${MAX_DOCUMENT_DEPTH} levels deep (line 1 col`);
  });
});
