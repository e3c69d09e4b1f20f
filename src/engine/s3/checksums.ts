// The x-amz-checksum-* values S3 checks over an object's bytes (in a header or an aws-chunked trailer), computed
// as the bytes stream by. The CRCs and XXHASHes are the AWS SDK's own implementations (what its clients compute the
// declared values with); the digests (MD5 and the SHAs) are node's.
import { createHash } from 'node:crypto';
import { Crc32, Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { Xxh3_128, Xxh3_64, Xxh64 } from '@aws-sdk/checksums/xxh';

/** A checksum fed as the bytes arrive (the SDK's Checksum shape): its digest is the big-endian bytes AWS encodes. */
export interface Checksum {
  update(chunk: Uint8Array): void;
  digest(): Promise<Uint8Array>;
}

function hashed(algorithm: string): Checksum {
  const hash = createHash(algorithm);
  return { update: (chunk) => hash.update(chunk), digest: async () => hash.digest() };
}

/**
 * By header name, the checksums the engine checks: all ten S3 knows. CRC-32 (the SDKs' default), CRC-32C,
 * CRC-64/NVME, SHA-1 and SHA-256, and the MD5, SHA-512, XXHASH64, XXHASH3 (64-bit) and XXHASH128 ones S3 added later.
 */
export const CHECKSUMS: ReadonlyMap<string, () => Checksum> = new Map([
  ['x-amz-checksum-crc32', () => new Crc32()],
  ['x-amz-checksum-crc32c', () => new Crc32c()],
  ['x-amz-checksum-crc64nvme', () => new Crc64Nvme()],
  ['x-amz-checksum-sha1', () => hashed('sha1')],
  ['x-amz-checksum-sha256', () => hashed('sha256')],
  ['x-amz-checksum-md5', () => hashed('md5')],
  ['x-amz-checksum-sha512', () => hashed('sha512')],
  ['x-amz-checksum-xxhash64', () => new Xxh64()],
  ['x-amz-checksum-xxhash3', () => new Xxh3_64()],
  ['x-amz-checksum-xxhash128', () => new Xxh3_128()],
]);
