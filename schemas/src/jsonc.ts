import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';

import type { ValidationIssue } from './issues.js';
import { checkJsonDepth } from './jsonDepth.js';

export type ParseJsoncReturnType = { ok: true; value: unknown } | { ok: false; issue: ValidationIssue };

const problems: Record<ReturnType<typeof printParseErrorCode>, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":" after the property name',
  CommaExpected: 'expected "," between items (or a closing bracket)',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the list',
  EndOfFileExpected: 'expected the end of the file after the value',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'comment not closed with */',
  UnexpectedEndOfString: 'string not closed with "',
  UnexpectedEndOfNumber: 'number cut short',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string (write control characters as escapes)',
  '<unknown ParseErrorCode>': 'syntax error',
};

/**
 * Deepest nesting a document file may have. City/Sync documents need fewer than 10 levels; the parser and the
 * validators recurse per level, so a deeper file is refused with its place before either runs.
 */
export const MAX_DOCUMENT_DEPTH = 256;

/**
 * Parses JSON with comments and trailing commas (like tsconfig.json). A syntax error becomes one issue at the
 * first error's line and column: later ones usually follow from it. A file nested deeper than
 * {@link MAX_DOCUMENT_DEPTH} becomes one issue at the JSON pointer of its first value too deep.
 */
export function parseJsonc(text: string, file: string): ParseJsoncReturnType {
  const tooDeep = checkJsonDepth(text, { maxDepth: MAX_DOCUMENT_DEPTH, file, comments: true });
  if (tooDeep !== undefined) return { ok: false, issue: tooDeep };
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first === undefined) return { ok: true, value };
  const { line, column } = positionOf(text, first.offset);
  return { ok: false, issue: { file, pointer: '', message: problems[printParseErrorCode(first.error)], line, column } };
}

/** 1-based line and column (in UTF-16 code units, as editors count) of an offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
