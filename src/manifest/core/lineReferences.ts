// Finds the image and mask references of a manifest line (`source-ref` and `*-ref` values) with their
// columns, for document links.
import { MAX_LINE_LENGTH } from './parseLine';
import { parseReference, type Reference, type ValidationOptions } from './reference';

export interface LineReference extends Reference {
  readonly ref: string;
  /** Columns of the reference inside its quotes. */
  readonly start: number;
  readonly end: number;
}

const REFERENCE = /"(?:source-ref|[^"\\]*-ref)"\s*:\s*"([^"\\]+)"/g;

/** The references of a line (none on a line over the limit, which is an error already: it may hold millions). */
export function lineReferences(text: string, options: ValidationOptions = {}): LineReference[] {
  const found: LineReference[] = [];
  if (text.length > MAX_LINE_LENGTH) return found;
  for (const match of text.matchAll(REFERENCE)) {
    const ref = match[1]!;
    const reference = parseReference(ref, options);
    if (typeof reference === 'string') continue;
    const start = match.index! + match[0].length - ref.length - 1;
    found.push({ ...reference, ref, start, end: start + ref.length });
  }
  return found;
}
