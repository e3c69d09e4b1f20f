// The Range header of GetObject and HeadObject: one byte range, as S3 serves it (RFC 9110 §14.1.2).
import { S3Error } from './errors';

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * The range to send of an object of `size` bytes; undefined means the whole object (no Range, a header S3 ignores
 * such as several ranges or another unit). A range that starts past the end is unsatisfiable (416).
 */
export function parseRange(value: string | undefined, size: number): ByteRange | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(value?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    // A suffix: the last N bytes.
    const length = Number(m[2]);
    if (length === 0) throw unsatisfiable(size);
    start = Math.max(0, size - length);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size) throw unsatisfiable(size);
  return { start, end };
}

function unsatisfiable(size: number): S3Error {
  const error = new S3Error('InvalidRange', 416, 'The requested range is not satisfiable', {
    ActualObjectSize: size,
  });
  error.headers['content-range'] = `bytes */${size}`;
  return error;
}
