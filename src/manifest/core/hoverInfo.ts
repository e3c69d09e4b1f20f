// What to show when hovering a position of a manifest line: the documentation of a key, or the image
// a reference points to.
import { findNodeAtOffset, getNodePath } from 'jsonc-parser';
import { parseLineTree } from './lineTree';
import { MAX_LINE_LENGTH } from './parseLine';
import { describeKey } from './keyDocs';
import { parseReference, type Reference, type ValidationOptions } from './reference';

export type HoverInfo =
  | { readonly kind: 'key'; readonly documentation: string; readonly start: number; readonly end: number }
  | {
      readonly kind: 'reference';
      readonly reference: Reference;
      readonly start: number;
      readonly end: number;
    };

export function hoverAt(
  text: string,
  offset: number,
  options: ValidationOptions = {},
): HoverInfo | undefined {
  // A line over the limit is an error already; parsing megabytes at each hover would stall the editor.
  if (text.length > MAX_LINE_LENGTH) return undefined;
  const root = parseLineTree(text);
  const node = root && findNodeAtOffset(root, offset);
  const property = node?.parent;
  if (!node || node.type !== 'string' || property?.type !== 'property') return undefined;
  const span = { start: node.offset, end: node.offset + node.length };
  if (property.children?.[0] === node) {
    const path = [...(property.parent ? getNodePath(property.parent) : []), node.value as string];
    const documentation = describeKey(path);
    return documentation ? { kind: 'key', documentation, ...span } : undefined;
  }
  const key = property.children?.[0]?.value;
  const isReference = typeof key === 'string' && (key === 'source-ref' || key.endsWith('-ref'));
  const reference =
    isReference && typeof node.value === 'string' ? parseReference(node.value, options) : undefined;
  return reference && typeof reference !== 'string' ? { kind: 'reference', reference, ...span } : undefined;
}
