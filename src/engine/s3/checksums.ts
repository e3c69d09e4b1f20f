// The x-amz-checksum-* values S3 checks over an object's bytes (in a header or an aws-chunked trailer), computed
// as the bytes stream by. The CRCs are the AWS SDK's own implementations (what its clients compute the declared
// values with); the hashes are node's.
import { createHash } from 'node:crypto';
import { Crc32, Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';

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
 * By header name, the checksums the engine checks: CRC-32 (the SDKs' default), CRC-32C, CRC-64/NVME, SHA-1 and SHA-256.
 * The MD5, SHA-512 and XXHASH ones S3 added later are accepted unchecked.
 */
export const CHECKSUMS: ReadonlyMap<string, () => Checksum> = new Map([
  ['x-amz-checksum-crc32', () => new Crc32()],
  ['x-amz-checksum-crc32c', () => new Crc32c()],
  ['x-amz-checksum-crc64nvme', () => new Crc64Nvme()],
  ['x-amz-checksum-sha1', () => hashed('sha1')],
  ['x-amz-checksum-sha256', () => hashed('sha256')],
]);
