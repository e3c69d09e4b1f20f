// Decodes the aws-chunked content encoding SDKs use for streaming uploads, as the bytes arrive:
// "<hex size>[;chunk-signature=...]\r\n<data>\r\n" ... "0[;...]\r\n[trailer: value\r\n]...\r\n".
// Memory stays bounded by the size of the incoming pieces, whatever the size of the object.
import { createHash } from 'node:crypto';
import { TRAILER_SIGNATURE } from '../auth/chunk-signatures';
import type { ChunkSignatureChain } from '../http/request';
const MAX_LINE = 8192;
const SIGNATURE = 'chunk-signature=';

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

export class AwsChunkedError extends Error {}
/** A chunk whose signature is not the one its data and the chain before it give. */
export class ChunkSignatureError extends AwsChunkedError {}
/** Trailing headers other than the ones the request declared: one it did not name, or one it named left out. */
export class MalformedTrailerError extends AwsChunkedError {}

/**
 * Yields the decoded data; trailing headers (e.g. x-amz-checksum-crc32) are put into `trailers`. `expectedTrailers`:
 * the names of the trailing headers the body must carry, every one and no other; without it, nothing may follow the
 * last chunk but the blank line that ends the body. With `signatures`, each chunk's signature is checked once its
 * data is read: a chunk's data is yielded before, so what consumes it keeps nothing until the whole body has been
 * read (the last, empty chunk is signed too, and the trailer after it).
 */
export async function* decodeAwsChunked(
  source: AsyncIterable<Buffer>,
  trailers: Map<string, string>,
  expectedTrailers: ReadonlySet<string> | undefined,
  signatures?: ChunkSignatureChain,
): AsyncGenerator<Buffer> {
  let state: State = 'size';
  let remaining = 0;
  let pending: Buffer | undefined;
  // The chunk being read: its declared signature and the hash of its data so far.
  let signature: string | undefined;
  let dataHash = createHash('sha256');
  const checkSignature = () => {
    if (signatures && !signatures.accept(signature, dataHash.digest('hex')))
      throw new ChunkSignatureError('a chunk signature does not match its data');
  };
  for await (const piece of source) {
    const buf = pending ? Buffer.concat([pending, piece]) : piece;
    pending = undefined;
    let offset = 0;
    while (offset < buf.length) {
      if (state === 'done') throw new AwsChunkedError('data after the last aws-chunked chunk');
      if (state === 'data') {
        const n = Math.min(remaining, buf.length - offset);
        if (signatures) dataHash.update(buf.subarray(offset, offset + n));
        yield buf.subarray(offset, offset + n);
        offset += n;
        remaining -= n;
        if (remaining === 0) state = 'data-end';
        continue;
      }
      const lineEnd = buf.indexOf('\r\n', offset);
      if (lineEnd < 0) {
        if (buf.length - offset > MAX_LINE)
          throw new AwsChunkedError('an aws-chunked header line is too long');
        pending = buf.subarray(offset);
        break;
      }
      const line = buf.toString('latin1', offset, lineEnd);
      offset = lineEnd + 2;
      if (state === 'data-end') {
        if (line !== '') throw new AwsChunkedError('a chunk is longer than its declared size');
        checkSignature();
        state = 'size';
      } else if (state === 'size') {
        const [sizeText, ...extensions] = line.split(';').map((part) => part.trim());
        if (!/^[0-9a-fA-F]{1,12}$/.test(sizeText!))
          throw new AwsChunkedError('malformed aws-chunked chunk header');
        remaining = parseInt(sizeText!, 16);
        signature = extensions.find((e) => e.startsWith(SIGNATURE))?.slice(SIGNATURE.length);
        // A signed payload's chunk without a signature is an incomplete body to S3, not a wrong signature.
        if (signatures && !signature)
          throw new AwsChunkedError('a chunk of a signed payload has no chunk-signature');
        dataHash = createHash('sha256');
        if (remaining === 0) checkSignature();
        state = remaining === 0 ? 'trailer' : 'data';
      } else if (line === '') {
        state = 'done';
      } else if (!expectedTrailers) {
        throw new AwsChunkedError(
          'data after the last chunk, where x-amz-content-sha256 declares no trailer',
        );
      } else {
        const colon = line.indexOf(':');
        if (colon <= 0) throw new AwsChunkedError('malformed aws-chunked trailer');
        const name = line.slice(0, colon).trim().toLowerCase();
        if (!expectedTrailers.has(name))
          throw new MalformedTrailerError(`${name} is not declared in x-amz-trailer`);
        trailers.set(name, line.slice(colon + 1).trim());
      }
    }
  }
  // Some writers end with the last chunk's header and no blank line after it.
  if (state !== 'done' && !(state === 'trailer' && !pending))
    throw new AwsChunkedError('truncated aws-chunked body');
  if (expectedTrailers?.has(TRAILER_SIGNATURE) && !trailers.has(TRAILER_SIGNATURE))
    throw new AwsChunkedError('the signed trailer has no x-amz-trailer-signature');
  if (signatures && !signatures.acceptTrailer(trailers))
    throw new ChunkSignatureError('the x-amz-trailer-signature does not match the trailing headers');
  for (const name of expectedTrailers ?? [])
    if (!trailers.has(name))
      throw new MalformedTrailerError(`x-amz-trailer declares ${name}, which the body does not carry`);
}
