// Reads an S3 request's payload as it arrives: aws-chunked decoding, the digests the client declared
// (x-amz-content-sha256, Content-MD5, x-amz-checksum-crc32/crc32c/crc64nvme/sha1/sha256/md5/sha512/xxhash64/xxhash3/
// xxhash128, in headers or aws-chunked trailers) checked over the bytes, and object bodies written straight to a
// file, so memory stays bounded whatever the object's size.
import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { TRAILER_SIGNATURE } from '../auth/chunk-signatures';
import { PAYLOAD_SHA256 } from '../auth/sigv4';
import { header, type EngineRequest } from '../http/request';
import { AwsChunkedError, ChunkSignatureError, decodeAwsChunked, MalformedTrailerError } from './aws-chunked';
import { CHECKSUMS } from './checksums';
import { ClientAbortError, S3Error } from './errors';

/** AWS's largest single PUT (PutObject or UploadPart). */
export const MAX_OBJECT_BODY = 5 * 1024 ** 3;

export interface ReceivedBody {
  size: number;
  md5: Buffer;
}

function isChunked(request: EngineRequest): boolean {
  return (
    (header(request, 'content-encoding') ?? '').includes('aws-chunked') ||
    (header(request, 'x-amz-content-sha256') ?? '').startsWith('STREAMING-')
  );
}

/** How x-amz-content-sha256 may say the payload comes, besides its SHA-256 (PAYLOAD_SHA256), in S3's order. */
const PAYLOAD_MODES = new Set([
  'UNSIGNED-PAYLOAD',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
]);
/** The modes of chunks signed with SigV4A, which the engine does not verify. */
const SIGV4A_MODES = new Set([
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
]);

/**
 * Refuses an x-amz-content-sha256 that is neither a payload's SHA-256 nor one of S3's payload modes, as S3 does (any
 * request): accepted, a misspelt mode or an uppercase hash would leave the body checked by nothing.
 */
export function requireKnownPayloadMode(request: EngineRequest): void {
  const value = header(request, 'x-amz-content-sha256');
  if (value === undefined || PAYLOAD_MODES.has(value) || PAYLOAD_SHA256.test(value)) return;
  if (SIGV4A_MODES.has(value))
    throw new S3Error(
      'NotImplemented',
      501,
      `${value} (chunks signed with SigV4A) is not supported: sign with SigV4`,
    );
  throw new S3Error(
    'InvalidArgument',
    400,
    `x-amz-content-sha256 must be ${[...PAYLOAD_MODES, ...SIGV4A_MODES].join(', ')} or a valid sha256 value.`,
    { ArgumentName: 'x-amz-content-sha256', ArgumentValue: value },
  );
}

/** The x-amz-content-sha256 values that declare trailing headers after the last chunk, and whether they are signed. */
const TRAILER_MODES: ReadonlyMap<string, boolean> = new Map([
  ['STREAMING-UNSIGNED-PAYLOAD-TRAILER', false],
  ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', true],
]);

const malformedTrailer = (detail: string) =>
  new S3Error(
    'MalformedTrailerError',
    400,
    `The request contained trailing data that was not well-formed or did not conform to our published schema: ${detail}`,
  );

/**
 * The checksum header an x-amz-trailer value names, as S3 reads it: one name, with spaces around it and commas after
 * it ignored ("x-amz-checksum-crc32, " and "x-amz-checksum-crc32,," name CRC-32). Anything else (another header,
 * several names, ", x-amz-checksum-crc32") is InvalidRequest, as on S3.
 */
function declaredChecksum(value: string): string {
  const name = value.trim().replace(/,+$/, '').toLowerCase();
  if (!CHECKSUMS.has(name))
    throw new S3Error(
      'InvalidRequest',
      400,
      'The value specified in the x-amz-trailer header is not supported',
    );
  return name;
}

/**
 * The trailing headers the request's body must carry, every one and no other: the checksum its x-amz-trailer names
 * (e.g. "x-amz-checksum-crc32c", which is not its crc32's), and the x-amz-trailer-signature over it when the chunks
 * are signed. Undefined when its x-amz-content-sha256 declares no trailer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, a
 * plain body): nothing may follow the last chunk then, and an x-amz-trailer naming anything is refused as S3 refuses
 * it.
 */
function expectedTrailers(request: EngineRequest): ReadonlySet<string> | undefined {
  const signed = TRAILER_MODES.get(header(request, 'x-amz-content-sha256') ?? '');
  const declared = header(request, 'x-amz-trailer');
  if (signed === undefined) {
    if (declared?.trim())
      throw malformedTrailer(
        'x-amz-trailer names trailing headers, but x-amz-content-sha256 declares no trailer',
      );
    return undefined;
  }
  const names = declared === undefined ? [] : [declaredChecksum(declared)];
  return new Set(signed ? [...names, TRAILER_SIGNATURE] : names);
}

function isAbort(err: unknown, request: EngineRequest): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return request.payload.destroyed || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/** One pass over the payload: yields decoded bytes and, once they are all read, checks every declared digest. */
async function* checkedPayload(request: EngineRequest, limit: number): AsyncGenerator<Buffer, ReceivedBody> {
  const declaredSha256 = header(request, 'x-amz-content-sha256');
  const sha256 = declaredSha256 && PAYLOAD_SHA256.test(declaredSha256) ? createHash('sha256') : undefined;
  const md5 = createHash('md5');
  const trailers = new Map<string, string>();
  const expected = expectedTrailers(request);
  const checksums = [...CHECKSUMS]
    .filter(([name]) => header(request, name) !== undefined || expected?.has(name))
    .map(([name, start]) => ({ name, checksum: start() }));
  let size = 0;
  const chunked = isChunked(request);
  const source: AsyncIterable<Buffer> = chunked
    ? decodeAwsChunked(request.payload, trailers, expected, request.chunkSignatures)
    : request.payload;
  try {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > limit)
        throw new S3Error('EntityTooLarge', 400, `Your proposed upload exceeds the maximum allowed size`, {
          MaxSizeAllowed: limit,
        });
      // The raw payload is what x-amz-content-sha256 covers; with aws-chunked it is a STREAMING-* value instead.
      sha256?.update(chunk);
      md5.update(chunk);
      for (const { checksum } of checksums) checksum.update(chunk);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof S3Error) throw err;
    if (err instanceof ChunkSignatureError)
      throw new S3Error(
        'SignatureDoesNotMatch',
        403,
        `The request signature we calculated does not match the signature you provided: ${err.message}`,
      );
    if (err instanceof MalformedTrailerError) throw malformedTrailer(err.message);
    if (err instanceof AwsChunkedError)
      throw new S3Error('IncompleteBody', 400, `The aws-chunked request body is malformed: ${err.message}`);
    if (isAbort(err, request)) throw new ClientAbortError();
    throw err;
  }
  if (sha256 && sha256.digest('hex') !== declaredSha256)
    throw new S3Error(
      'XAmzContentSHA256Mismatch',
      400,
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  const digest = md5.digest();
  const contentMd5 = header(request, 'content-md5');
  if (contentMd5 !== undefined && contentMd5 !== digest.toString('base64'))
    throw new S3Error('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.');
  for (const { name, checksum } of checksums) {
    const computed = Buffer.from(await checksum.digest()).toString('base64');
    if ((header(request, name) ?? trailers.get(name)) !== computed)
      throw new S3Error('BadDigest', 400, `The ${name} you specified did not match the calculated checksum.`);
  }
  const decodedLength = header(request, 'x-amz-decoded-content-length');
  if (chunked && decodedLength !== undefined && Number(decodedLength) !== size)
    throw new S3Error(
      'IncompleteBody',
      400,
      `The request body holds ${size} bytes, not the ${decodedLength} its x-amz-decoded-content-length declares`,
    );
  return { size, md5: digest };
}

/** Drains the generator, passing each chunk to `take`, and returns what it returned. */
async function consume(
  payload: AsyncGenerator<Buffer, ReceivedBody>,
  take: (chunk: Buffer) => Promise<void> | void,
): Promise<ReceivedBody> {
  for (;;) {
    const next = await payload.next();
    if (next.done) return next.value;
    await take(next.value);
  }
}

/** Streams the payload into a new file `dest` (mode 0600, synced); nothing is left behind when it fails. */
export async function receiveBody(
  request: EngineRequest,
  dest: string,
  limit = MAX_OBJECT_BODY,
): Promise<ReceivedBody> {
  const file = await open(dest, 'wx', 0o600);
  let received: ReceivedBody | undefined;
  try {
    const body = await consume(checkedPayload(request, limit), async (chunk) => {
      await file.write(chunk);
    });
    await file.sync();
    return (received = body);
  } finally {
    await file.close();
    if (!received) await rm(dest, { force: true });
  }
}

/** Reads a small payload (XML documents) whole, with the same checks. */
export async function readSmallBody(request: EngineRequest, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await consume(checkedPayload(request, limit), (chunk) => {
    chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}
