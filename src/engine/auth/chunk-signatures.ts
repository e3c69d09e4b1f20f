// S3's chunked upload signing (x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]): each chunk's
// signature covers its data and the signature before it, the first the request's own; with -TRAILER, the trailing
// headers are signed last, after the final (empty) chunk.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ChunkSignatureChain } from '../http/request';

const EMPTY_SHA256 = createHash('sha256').digest('hex');
/** The trailing header that signs the others. */
export const TRAILER_SIGNATURE = 'x-amz-trailer-signature';

// Latin-1 throughout: the body's lines are read so, one character a byte, and hashed and compared as sent.
const sha256Hex = (text: string) => createHash('sha256').update(text, 'latin1').digest('hex');

/**
 * The chain of signatures a signed aws-chunked payload must carry, seeded with the request's own. `signedTrailer`:
 * the payload declared trailing headers signed with x-amz-trailer-signature.
 */
export function chunkSignatureChain(
  key: Uint8Array,
  amzDate: string,
  scope: string,
  seed: string,
  signedTrailer: boolean,
): ChunkSignatureChain {
  let previous = seed;
  const sign = (algorithm: string, ...hashes: string[]) =>
    createHmac('sha256', key)
      .update([algorithm, amzDate, scope, previous, ...hashes].join('\n'))
      .digest('hex');
  const same = (expected: string, signature: string | undefined) =>
    signature?.length === 64 && timingSafeEqual(Buffer.from(expected), Buffer.from(signature, 'latin1'));
  return {
    accept(signature, dataSha256) {
      const expected = sign('AWS4-HMAC-SHA256-PAYLOAD', EMPTY_SHA256, dataSha256);
      if (!same(expected, signature)) return false;
      previous = expected;
      return true;
    },
    acceptTrailer(trailers) {
      if (!signedTrailer) return true;
      // Each trailing header but the signature as "name:value\n", in name order (the SDKs' canonical headers).
      const canonical = [...trailers]
        .filter(([name]) => name !== TRAILER_SIGNATURE)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => `${name}:${value}\n`)
        .join('');
      return same(sign('AWS4-HMAC-SHA256-TRAILER', sha256Hex(canonical)), trailers.get(TRAILER_SIGNATURE));
    },
  };
}
