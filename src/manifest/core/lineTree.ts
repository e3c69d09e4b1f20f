// jsonc-parser reads nesting by recursion, so one line nested a few thousand levels deep overflows the stack of
// whatever parses it (the editor, the CLI, the engine). Every positional parse of a line goes through here: an
// iterative scan measures the nesting first, and a line deeper than any manifest line could be is never parsed.
import {
  getLocation,
  parseTree,
  type Location,
  type Node,
  type ParseError,
  type ParseOptions,
} from 'jsonc-parser';

/** Objects and arrays inside one another. Manifest lines need 4 (line, mask metadata, color map, entry). */
export const MAX_NESTING = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const STAR = 0x2a;
const LF = 0x0a;
const CR = 0x0d;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * The offset of the bracket that opens a level deeper than MAX_NESTING, or -1. Strings and comments are
 * skipped as jsonc-parser's scanner skips them (a string also ends at a line break), so no bracket it would
 * nest on goes uncounted.
 */
export function excessNestingAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > MAX_NESTING) return i;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth > 0) depth--;
    } else if (c === QUOTE) {
      i = stringEnd(text, i + 1);
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      i = lineEnd(text, i + 2);
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    }
  }
  return -1;
}

/** The offset of the closing quote (or line break, or the end) of a string whose content starts at `at`. */
function stringEnd(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE || c === LF || c === CR) return i;
    if (c === BACKSLASH) i++;
  }
  return text.length;
}

function lineEnd(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i;
  }
  return text.length;
}

/** jsonc-parser's tree of a line; undefined when it is empty or nested too deep to parse. */
export function parseLineTree(text: string, errors?: ParseError[], options?: ParseOptions): Node | undefined {
  return excessNestingAt(text) < 0 ? parseTree(text, errors, options) : undefined;
}

/** jsonc-parser's location of an offset in a line; undefined when the line is nested too deep to parse. */
export function lineLocation(text: string, offset: number): Location | undefined {
  return excessNestingAt(text) < 0 ? getLocation(text, offset) : undefined;
}

/**
 * The value node at `path` as JSON.parse reads the line: of a key given twice in one object, the last counts (the
 * rules judge that value, so its problem is placed and fixed there).
 */
export function nodeAtPath(root: Node, path: readonly (string | number)[]): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of path) {
    const children: Node[] = node?.children ?? [];
    if (typeof segment === 'number') {
      node = node?.type === 'array' ? children[segment] : undefined;
    } else {
      let value: Node | undefined;
      if (node?.type === 'object')
        for (const property of children)
          if (property.children?.[0]?.value === segment) value = property.children[1];
      node = value;
    }
    if (!node) return undefined;
  }
  return node;
}
