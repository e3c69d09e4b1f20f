// Finds the image and mask references of a manifest line (`source-ref` and `*-ref` values) with their
// columns, for document links.
import { parseReference, type Reference, type ValidationOptions } from './reference';

export interface LineReference extends Reference {
  readonly ref: string;
  /** Columns of the reference inside its quotes. */
  readonly start: number;
  readonly end: number;
}

const REFERENCE = /"(?:source-ref|[^"\\]*-ref)"\s*:\s*"([^"\\]+)"/g;

export function lineReferences(text: string, options: ValidationOptions = {}): LineReference[] {
  const found: LineReference[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    const ref = match[1]!;
    const reference = parseReference(ref, options);
    if (typeof reference === 'string') continue;
    const start = match.index! + match[0].length - ref.length - 1;
    found.push({ ...reference, ref, start, end: start + ref.length });
  }
  return found;
}
