import { type ValidationIssue, pointerJoin } from './issues.js';

export type CheckJsonDepthOptions = {
  /** Deepest nesting of objects and arrays allowed; the top-level value is depth 1. */
  maxDepth: number;
  /** File name used in the issue. */
  file: string;
  /** Skip `//` and `/* *\/` comments (JSONC). Default: false. */
  comments?: boolean | undefined;
};

type Level = { array: boolean; index: number; key: string; expectKey: boolean };

/**
 * Finds the first object or array nested deeper than `maxDepth` in JSON text, without parsing it: one pass with an
 * explicit stack, so a document nested 100,000 deep is measured instead of overflowing the call stack of a
 * recursive parser or validator. Returns an issue at the JSON pointer (and line) of the first value too deep, or
 * undefined. Syntax errors are left to the parser.
 */
export function checkJsonDepth(text: string, options: CheckJsonDepthOptions): ValidationIssue | undefined {
  const { maxDepth, file, comments = false } = options;
  const stack: Level[] = [];
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      const top = stack.at(-1);
      if (top !== undefined && !top.array && top.expectKey) {
        top.key = decodeKey(text.slice(start, i + 1));
        top.expectKey = false;
      }
    } else if (c === 0x2f /* / */ && comments) {
      const next = text.charCodeAt(i + 1);
      if (next === 0x2f) {
        while (i + 1 < text.length && text.charCodeAt(i + 1) !== 0x0a) i++;
      } else if (next === 0x2a /* * */) {
        const end = text.indexOf('*/', i + 2);
        const stop = end === -1 ? text.length : end + 1;
        for (; i < stop; i++) {
          if (text.charCodeAt(i) === 0x0a) {
            line++;
            lineStart = i + 1;
          }
        }
      }
    } else if (c === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top?.array) top.index++;
      else if (top !== undefined) top.expectKey = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) {
        const pointer = pointerJoin('', ...stack.map((level) => (level.array ? level.index : level.key)));
        return {
          file,
          pointer,
          message: `nested more than ${maxDepth} levels deep (line ${line} col ${i - lineStart + 1}); at most ${maxDepth} levels of objects and arrays are accepted`,
        };
      }
      stack.push({ array: c === 0x5b, index: 0, key: '', expectKey: c === 0x7b });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    }
  }
  return undefined;
}

function decodeKey(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}
