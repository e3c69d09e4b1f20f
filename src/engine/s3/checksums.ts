// The x-amz-checksum-* values S3 checks over an object's bytes (in a header or an aws-chunked trailer), computed
// as the bytes stream by: each algorithm's digest in AWS's form, base64 of its big-endian bytes. The CRCs are the
// AWS SDK's own implementations (what its clients compute the declared values with); the hashes are node's.
import { createHash } from 'node:crypto';
import { Crc32, Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';

/** A checksum fed as the bytes arrive (the SDK's Checksum shape). */
interface Checksum {
  update(chunk: Uint8Array): void;
  digest(): Promise<Uint8Array>;
}

export interface RunningChecksum {
  update(chunk: Buffer): void;
  /** The value the client must have declared. */
  base64(): Promise<string>;
}

function running(checksum: Checksum): RunningChecksum {
  return {
    update: (chunk) => checksum.update(chunk),
    base64: async () => Buffer.from(await checksum.digest()).toString('base64'),
  };
}

function runningHash(algorithm: string): RunningChecksum {
  const hash = createHash(algorithm);
  return {
    update: (chunk) => hash.update(chunk),
    base64: async () => hash.digest('base64'),
  };
}

/** By header name, the checksums the engine checks: every algorithm S3 offers. */
export const CHECKSUMS: ReadonlyMap<string, () => RunningChecksum> = new Map([
  ['x-amz-checksum-crc32', () => running(new Crc32())],
  ['x-amz-checksum-crc32c', () => running(new Crc32c())],
  ['x-amz-checksum-crc64nvme', () => running(new Crc64Nvme())],
  ['x-amz-checksum-sha1', () => runningHash('sha1')],
  ['x-amz-checksum-sha256', () => runningHash('sha256')],
]);
