// What a JavaScript or TypeScript file refers to: its imports, re-exports, require() calls and dynamic imports with a
// literal specifier, and the files it reads through `new URL('<relative path>', import.meta.url)`.
import ts from 'typescript';

// `new URL('<relative>', import.meta.url)`: a file the code reads at run time, resolved like an import.
const FILE_URL = /new\s+URL\(\s*(['"`])([^'"`$]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/** The references of `text`, each with its 1-based line and kind (`import` or `file URL`), in source order. */
export function codeReferences(text) {
  const lineOf = (pos) => text.slice(0, pos).split('\n').length;
  const imports = ts
    .preProcessFile(text, true, true)
    .importedFiles.map(({ fileName, pos }) => ({ specifier: fileName, line: lineOf(pos), kind: 'import' }));
  const urls = [...text.matchAll(FILE_URL)]
    .filter((match) => match[2].startsWith('.'))
    .map((match) => ({ specifier: match[2], line: lineOf(match.index), kind: 'file URL' }));
  return [...imports, ...urls].sort((a, b) => a.line - b.line);
}
