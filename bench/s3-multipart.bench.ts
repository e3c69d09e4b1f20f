// S3 multipart at scale, against an engine in its own process: a 1 GiB object uploaded as 128 parts of 8 MiB (four
// at a time, as the AWS CLI sends them), completed (the parts streamed into one file), then copied whole with
// CopyObject. Prints MB/s or seconds and the engine's peak resident memory for each step (goal: ≤ 200 MB whatever the
// object's size), and checks the multipart ETag and the copy's MD5 against the bytes sent.
import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { measured, rssMb } from '../test/support/process-memory';
import { fillPseudoRandom, withS3Engine } from './support/s3-engine';

const PART = 8 * 1024 * 1024;
const PARTS = 128;
const CONCURRENCY = 4;
const SIZE = PART * PARTS;

/** Part `n`'s deterministic pseudo-random bytes. */
function partBytes(n: number): Buffer {
  const bytes = Buffer.allocUnsafe(PART);
  fillPseudoRandom(bytes, n);
  return bytes;
}

async function main(): Promise<void> {
  const target = { Bucket: 'bench', Key: 'gib.bin' };
  await withS3Engine(async (s3, pid) => {
    const idle = rssMb(pid);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand(target));
    const partMd5s: Buffer[] = [];
    const whole = createHash('md5');
    const parts: { PartNumber: number; ETag: string }[] = [];
    const upload = await measured(pid, async () => {
      let next = 1;
      const worker = async () => {
        for (let n = next++; n <= PARTS; n = next++) {
          const body = partBytes(n);
          partMd5s[n - 1] = createHash('md5').update(body).digest();
          const { ETag } = await s3.send(
            new UploadPartCommand({ ...target, UploadId, PartNumber: n, Body: body }),
          );
          parts[n - 1] = { PartNumber: n, ETag: ETag! };
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    });
    for (let n = 1; n <= PARTS; n++) whole.update(partBytes(n));
    const complete = await measured(pid, () =>
      s3.send(new CompleteMultipartUploadCommand({ ...target, UploadId, MultipartUpload: { Parts: parts } })),
    );
    const copy = await measured(pid, () =>
      s3.send(new CopyObjectCommand({ Bucket: 'bench', Key: 'gib-copy.bin', CopySource: 'bench/gib.bin' })),
    );
    const expectedEtag = `"${createHash('md5').update(Buffer.concat(partMd5s)).digest('hex')}-${PARTS}"`;
    const mbps = (seconds: number) => (SIZE / 1024 ** 2 / seconds).toFixed(0).padStart(5);
    const row = (label: string, step: { seconds: number; peak: number }) =>
      console.log(
        `${label.padEnd(46)} ${step.seconds.toFixed(2).padStart(6)} s ${mbps(step.seconds)} MB/s   engine peak RSS ${step.peak.toFixed(0)} MB`,
      );
    console.log(
      `S3 multipart, 1 GiB in ${PARTS} parts of 8 MiB, engine in its own process (idle RSS ${idle.toFixed(0)} MB)`,
    );
    row(`UploadPart x${PARTS} (${CONCURRENCY} at a time)`, upload);
    row('CompleteMultipartUpload (parts into one file)', complete);
    row('CopyObject of the result (copy + MD5)', copy);
    console.log(`multipart ETag as S3 computes it: ${complete.value.ETag === expectedEtag ? 'yes' : 'NO'}`);
    console.log(
      `copy's ETag is the MD5 of the bytes: ${copy.value.CopyObjectResult?.ETag === `"${whole.digest('hex')}"` ? 'yes' : 'NO'}`,
    );
  });
}

void main();
