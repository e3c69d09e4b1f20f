// Explains why a line is not a JSON object, at the exact column. JSON.parse gives no reliable position,
// so a positional parser re-reads the (rare) broken line.
import { ParseErrorCode, type ParseError } from 'jsonc-parser';
import { parseLineTree } from './lineTree';
import { severityOf, type RuleCode } from './rules';
import type { LineDiagnostic } from './types';

const MESSAGES: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'property name in double quotes expected',
  [ParseErrorCode.ValueExpected]: 'value expected',
  [ParseErrorCode.ColonExpected]: "':' expected",
  [ParseErrorCode.CommaExpected]: "',' expected",
  [ParseErrorCode.CloseBraceExpected]: "'}' expected",
  [ParseErrorCode.CloseBracketExpected]: "']' expected",
  [ParseErrorCode.EndOfFileExpected]: 'unexpected text after the JSON value',
  [ParseErrorCode.InvalidCommentToken]: 'comments are not allowed in JSON',
  [ParseErrorCode.UnexpectedEndOfComment]: 'comments are not allowed in JSON',
  [ParseErrorCode.UnexpectedEndOfString]: 'unterminated string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'unterminated number',
  [ParseErrorCode.InvalidUnicode]: 'invalid \\u escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalid escape character',
  [ParseErrorCode.InvalidCharacter]: 'control character in a string',
};

/** Called when JSON.parse rejected `text`; `fallback` is JSON.parse's own message. */
export function syntaxDiagnostic(text: string, fallback: string): LineDiagnostic {
  const errors: ParseError[] = [];
  parseLineTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (!first) return diagnostic('json-syntax', `invalid JSON: ${fallback}`, 0, text.length);
  const atEnd = first.offset >= text.trimEnd().length;
  if (
    first.error === ParseErrorCode.EndOfFileExpected &&
    text.slice(first.offset).trimStart().startsWith('{')
  ) {
    return diagnostic(
      'one-object-per-line',
      'a second JSON object on the same line',
      first.offset,
      text.length,
    );
  }
  if (atEnd && /[{[,:]\s*$/.test(text)) {
    const end = text.trimEnd().length;
    return diagnostic('one-object-per-line', 'the JSON object continues on the next line', end - 1, end);
  }
  const message = `invalid JSON: ${MESSAGES[first.error] ?? 'syntax error'}`;
  if (atEnd) return diagnostic('json-syntax', message, Math.max(0, text.length - 1), text.length);
  return diagnostic('json-syntax', message, first.offset, first.offset + Math.max(1, first.length));
}

function diagnostic(code: RuleCode, message: string, start: number, end: number): LineDiagnostic {
  return { code, severity: severityOf(code), message, start, end };
}
