// Opaque page tokens (base64, matching the modeled PaginationToken pattern) that carry the last key returned, so pages
// stay stable while resources are added or removed.
import { validation } from '../protocol/errors';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export function pageSize(input: { MaxResults?: number }): number {
  return input.MaxResults ?? 100;
}

export function encodeToken(kind: string, after: string | number): string {
  return Buffer.from(JSON.stringify([kind, after])).toString('base64');
}

export function decodeToken(kind: string, token: unknown): string | number | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    const [tokenKind, after] = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as [
      unknown,
      unknown,
    ];
    if (tokenKind === kind && (typeof after === 'string' || typeof after === 'number')) return after;
  } catch {
    // fall through: any undecodable token is the caller's mistake
  }
  throw validation(`The pagination token is not valid for this request: ${String(token).slice(0, 64)}`);
}

/** Takes one row more than the page to know whether another page exists. */
export function toPage<R, T>(
  rows: R[],
  size: number,
  kind: string,
  keyOf: (row: R) => string | number,
  map: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, size).map(map);
  return rows.length > size ? { items, nextToken: encodeToken(kind, keyOf(rows[size - 1]!)) } : { items };
}
