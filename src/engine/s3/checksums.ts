// The x-amz-checksum-* values S3 checks over an object's bytes (in a header or an aws-chunked trailer), computed
// as the bytes stream by: each algorithm's digest in AWS's form, base64 of its big-endian bytes.
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

export interface RunningChecksum {
  update(chunk: Buffer): void;
  /** The value the client must have declared. */
  base64(): string;
}

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), which zlib does not offer. */
const CRC32C_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32c(data: Buffer, crc: number): number {
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = CRC32C_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function runningCrc(update: (data: Buffer, crc: number) => number): RunningChecksum {
  let crc = 0;
  return {
    update(chunk) {
      crc = update(chunk, crc);
    },
    base64() {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(crc >>> 0);
      return bytes.toString('base64');
    },
  };
}

function runningHash(algorithm: string): RunningChecksum {
  const hash = createHash(algorithm);
  return {
    update: (chunk) => hash.update(chunk),
    base64: () => hash.digest('base64'),
  };
}

/** By header name, the checksums the engine checks (a CRC-64/NVME one is accepted unchecked). */
export const CHECKSUMS: ReadonlyMap<string, () => RunningChecksum> = new Map([
  ['x-amz-checksum-crc32', () => runningCrc(crc32)],
  ['x-amz-checksum-crc32c', () => runningCrc(crc32c)],
  ['x-amz-checksum-sha1', () => runningHash('sha1')],
  ['x-amz-checksum-sha256', () => runningHash('sha256')],
]);
