// Manifest import at scale: a 1,000,000-line manifest (cycling through a few thousand real images, so later lines
// replace earlier ones and every line is checked) imported by an engine in its own process, printing the import
// rate, ListProjects latency measured while the import runs (goal: p99 ≤ 100 ms) and the engine's peak memory.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  CreateDatasetCommand,
  CreateProjectCommand,
  DescribeDatasetCommand,
  ListProjectsCommand,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { clients } from '../test/support/engine-harness';
import { runEngineProcess } from '../test/support/engine-process';
import { peakRssMb } from '../test/support/process-memory';

const LINES = 1_000_000;
const IMAGES = 3000;
const BUCKET = 'import-bench';

const imageKey = (i: number) => `images/${String(i).padStart(5, '0')}.png`;

/** A distinct 64x64 PNG per seed. */
function png(seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(64 * 64 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31 + seed * 97) % 251;
  return sharp(pixels, { raw: { width: 64, height: 64, channels: 3 } })
    .png()
    .toBuffer();
}

function line(i: number): string {
  const className = i % 7 === 0 ? 'anomaly' : 'normal';
  return JSON.stringify({
    'source-ref': `s3://${BUCKET}/${imageKey(i % IMAGES)}`,
    'anomaly-label': className === 'anomaly' ? 1 : 0,
    'anomaly-label-metadata': {
      confidence: 1,
      'job-name': 'labeling-job/bench',
      'class-name': className,
      'human-annotated': 'yes',
      'creation-date': '2026-11-01T00:00:00.000',
      type: 'groundtruth/image-classification',
    },
  });
}

async function writeManifest(path: string): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < LINES; i++) if (!out.write(line(i) + '\n')) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lv-import-bench-'));
  const manifest = join(dir, 'train.manifest');
  let engine = await runEngineProcess(join(dir, 'data'));
  let c = clients(engine.line);
  await c.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (let i = 0; i < IMAGES; i += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, IMAGES - i) }, async (_, k) =>
        c.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: imageKey(i + k), Body: await png(i + k) })),
      ),
    );
  }
  await writeManifest(manifest);
  const bytes = statSync(manifest).size;
  await c.s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: 'train.manifest',
      Body: createReadStream(manifest),
      ContentLength: bytes,
    }),
  );
  // A fresh engine process: its peak memory is then the import's, not the upload's.
  c.lv.destroy();
  c.s3.destroy();
  engine.kill('SIGTERM');
  await engine.exited;
  engine = await runEngineProcess(join(dir, 'data'));
  c = clients(engine.line);
  for (let i = 0; i < 20; i++) await c.lv.send(new CreateProjectCommand({ ProjectName: `bench-${i}` }));
  const idleRss = peakRssMb(engine.line.pid);

  const started = performance.now();
  await c.lv.send(
    new CreateDatasetCommand({
      ProjectName: 'bench-0',
      DatasetType: 'train',
      DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: BUCKET, Key: 'train.manifest' } } },
    }),
  );
  let done = false;
  let status = '';
  let message = '';
  let seconds = 0;
  const latencies: number[] = [];
  await Promise.all([
    (async () => {
      while (!done) {
        const d = (
          await c.lv.send(new DescribeDatasetCommand({ ProjectName: 'bench-0', DatasetType: 'train' }))
        ).DatasetDescription!;
        if (!d.Status!.endsWith('IN_PROGRESS')) {
          seconds = (performance.now() - started) / 1000;
          [done, status, message] = [true, d.Status!, d.StatusMessage ?? ''];
        } else await new Promise((r) => setTimeout(r, 50));
      }
    })(),
    (async () => {
      while (!done) {
        const start = performance.now();
        await c.lv.send(new ListProjectsCommand({ MaxResults: 10 }));
        latencies.push(performance.now() - start);
      }
    })(),
  ]);
  latencies.sort((a, b) => a - b);
  console.log(
    `manifest import: ${LINES.toLocaleString('en')} lines (${(bytes / 1024 / 1024).toFixed(0)} MB, ${IMAGES} images) ` +
      `→ ${status} in ${seconds.toFixed(1)} s: ${(LINES / seconds).toFixed(0)} lines/s (${message})`,
  );
  console.log(
    `ListProjects during the import: ${latencies.length} calls, p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms (goal p99 ≤ 100 ms)`,
  );
  console.log(
    `engine peak RSS (VmHWM): ${peakRssMb(engine.line.pid).toFixed(0)} MB (${idleRss.toFixed(0)} MB before the import)`,
  );
  c.lv.destroy();
  c.s3.destroy();
  engine.kill('SIGTERM');
  await engine.exited;
  rmSync(dir, { recursive: true, force: true });
}

void main();
