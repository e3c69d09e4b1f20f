// S3 bytes at scale: a 1 GiB object uploaded (PutObject with a streamed body, sent aws-chunked with a CRC32 trailer
// as the SDK sends it) and downloaded back, against an engine in its own process, printing MB/s and the engine's
// resident memory while it runs (goal: ≤ 200 MB, whatever the object's size).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { measured, rssMb } from '../test/support/process-memory';
import { fillPseudoRandom, withS3Engine } from './support/s3-engine';

const SIZE = 1024 ** 3;
const PIECE = 1024 * 1024;

/** SIZE deterministic pseudo-random bytes, generated as they are read, and hashed into `hash`. */
function source(hash: ReturnType<typeof createHash>): Readable {
  let sent = 0;
  let seed = 1;
  return new Readable({
    read() {
      if (sent >= SIZE) return void this.push(null);
      const piece = Buffer.allocUnsafe(Math.min(PIECE, SIZE - sent));
      seed = fillPseudoRandom(piece, seed);
      sent += piece.length;
      hash.update(piece);
      this.push(piece);
    },
  });
}

async function main(): Promise<void> {
  await withS3Engine(async (s3, pid) => {
    const idle = rssMb(pid);
    const sent = createHash('sha256');
    const up = await measured(pid, () =>
      s3.send(
        new PutObjectCommand({ Bucket: 'bench', Key: 'gib.bin', Body: source(sent), ContentLength: SIZE }),
      ),
    );
    const received = createHash('sha256');
    const down = await measured(pid, async () => {
      const got = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: 'gib.bin' }));
      for await (const chunk of got.Body as Readable) received.update(chunk as Buffer);
    });
    const mbps = (seconds: number) => (SIZE / 1024 ** 2 / seconds).toFixed(0).padStart(5);
    console.log(`S3 1 GiB object, engine in its own process (idle RSS ${idle.toFixed(0)} MB)`);
    console.log(
      `PutObject (aws-chunked, CRC32 trailer)  ${mbps(up.seconds)} MB/s   engine peak RSS ${up.peak.toFixed(0)} MB`,
    );
    console.log(
      `GetObject (streamed)                    ${mbps(down.seconds)} MB/s   engine peak RSS ${down.peak.toFixed(0)} MB`,
    );
    console.log(`bytes identical: ${sent.digest('hex') === received.digest('hex') ? 'yes' : 'NO'}`);
  });
}

void main();
