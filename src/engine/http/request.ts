import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { FileHandle } from 'node:fs/promises';

/** An HTTP request as both protocols see it; the payload is still unread (S3 streams it to disk). */
export interface EngineRequest {
  method: string;
  /** Raw path as sent (still percent-encoded), without the query string. */
  rawPath: string;
  /** Raw query string without '?', as sent. */
  rawQuery: string;
  /** Decoded query parameters; a repeated key keeps every value in order. */
  query: Map<string, string[]>;
  headers: IncomingHttpHeaders;
  payload: Readable;
  /** A signed aws-chunked payload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]): checks its signatures in order. */
  chunkSignatures?: ChunkSignatureChain;
}

/**
 * The chain of an aws-chunked body's signatures: each chunk's signs its data and the signature before it, the first
 * the request's own. `accept` takes the next chunk's declared signature and the SHA-256 (hex) of its data.
 */
export interface ChunkSignatureChain {
  accept(signature: string | undefined, dataSha256: string): boolean;
  /** After the last chunk: whether the trailing headers (names lower-case) carry the signature they need, if any. */
  acceptTrailer(trailers: ReadonlyMap<string, string>): boolean;
}

/** A request whose payload was read whole: Lookout for Vision bodies are small (at most 16 MiB). */
export interface BufferedRequest extends EngineRequest {
  body: Buffer;
}

/** Bytes start..end (inclusive) of an open file, streamed to the client; the handle is closed after sending. */
export interface FileRange {
  file: FileHandle;
  start: number;
  end: number;
}

export interface EngineResponse {
  status: number;
  headers: Record<string, string | number>;
  body?: Buffer | string | FileRange;
}

export function header(request: Pick<EngineRequest, 'headers'>, name: string): string | undefined {
  // The name may come from the client (a signed header list): `constructor` must not find Object's.
  if (!Object.hasOwn(request.headers, name)) return undefined;
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Splits a raw query string into decoded keys and values; malformed escapes throw URIError. */
export function parseQuery(rawQuery: string): Map<string, string[]> {
  const query = new Map<string, string[]>();
  if (rawQuery === '') return query;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    const values = query.get(key);
    if (values) values.push(value);
    else query.set(key, [value]);
  }
  return query;
}
