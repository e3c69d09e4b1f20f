// What the S3 benchmarks share: an engine in its own process (as users run it) with an S3 client, and bytes that
// are pseudo-random but cheap to make and to make again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { requestHandler } from '../../src/client/clients';
import { runEngineProcess } from '../../test/support/engine-process';

/** Runs `work` against a fresh engine process holding bucket `bench`; the engine and its data go afterwards. */
export async function withS3Engine(work: (s3: S3Client, enginePid: number) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lv-bench-s3-'));
  const engine = await runEngineProcess(dir);
  const { endpoint, region, accessKeyId, secretAccessKey, pid } = engine.line;
  const s3 = new S3Client({
    requestHandler,
    endpoint,
    region,
    credentials: { accessKeyId, secretAccessKey },
    forcePathStyle: true,
    maxAttempts: 1,
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
    await work(s3, pid);
  } finally {
    s3.destroy();
    engine.kill('SIGTERM');
    await engine.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fills `bytes` (a multiple of 4 long) from a linear congruential generator; returns the state to continue from. */
export function fillPseudoRandom(bytes: Buffer, seed: number): number {
  let state = seed;
  for (let i = 0; i < bytes.length; i += 4) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes.writeUInt32LE(state, i);
  }
  return state;
}
