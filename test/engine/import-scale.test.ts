// Big manifests against the engine run as users run it (its own process): a 60 MB manifest streams through the
// import without the engine's memory growing with it, a kill -9 in the middle of that import leaves a dataset
// the restarted engine imports to the end, and a manifest past a dataset's image quota fails early and says so.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDatasetCommand,
  CreateProjectCommand,
  DescribeDatasetCommand,
  type DatasetDescription,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { classificationLine, clients, makeDataDir, removeDataDir } from '../support/engine-harness';
import { runEngineProcess, type EngineProcess } from '../support/engine-process';
import { peakRssMb } from '../support/process-memory';
import { waitFor } from '../support/wait';

const BUCKET = 'scale-bucket';
/** Images the big manifest cycles through (its later lines replace earlier ones), and one more than a test dataset holds. */
const IMAGES = 4001;
const BIG_MANIFEST_BYTES = 60 * 1024 * 1024;

const dir = makeDataDir();
const scratch = mkdtempSync(join(tmpdir(), 'lv-import-scale-'));
let engine: EngineProcess;
let c: ReturnType<typeof clients>;

after(async () => {
  c?.lv.destroy();
  c?.s3.destroy();
  engine?.kill('SIGTERM');
  await engine?.exited;
  removeDataDir(dir);
  rmSync(scratch, { recursive: true, force: true });
});

async function start(): Promise<void> {
  engine = await runEngineProcess(dir);
  c = clients(engine.line);
}

async function restart(signal: NodeJS.Signals): Promise<void> {
  engine.kill(signal);
  await engine.exited;
  c.lv.destroy();
  c.s3.destroy();
  await start();
}

const describe = async (project: string, type: string): Promise<DatasetDescription> =>
  (await c.lv.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: type })))
    .DatasetDescription!;

const imageKey = (i: number) => `images/${String(i).padStart(5, '0')}.png`;

/** Writes lines cycling through `images` images until `enough` holds; returns the number of lines. */
async function writeManifest(
  path: string,
  images: number,
  enough: (bytes: number, lines: number) => boolean,
): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let lines = 0;
  while (!enough(written, lines)) {
    const text =
      classificationLine(BUCKET, imageKey(lines % images), lines % 7 === 0 ? 'anomaly' : 'normal') + '\n';
    if (!out.write(text)) await once(out, 'drain');
    written += text.length;
    lines++;
  }
  out.end();
  await once(out, 'finish');
  return lines;
}

async function putFile(key: string, path: string): Promise<void> {
  await c.s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: key,
      Body: createReadStream(path),
      ContentLength: statSync(path).size,
    }),
  );
}

async function createDataset(project: string, type: string, key: string): Promise<void> {
  await c.lv.send(new CreateProjectCommand({ ProjectName: project }));
  await c.lv.send(
    new CreateDatasetCommand({
      ProjectName: project,
      DatasetType: type,
      DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: BUCKET, Key: key } } },
    }),
  );
}

const settled = (project: string, type: string) =>
  waitFor(
    `${project} ${type} dataset`,
    () => describe(project, type),
    (d) => !d.Status!.endsWith('IN_PROGRESS'),
  );

test('set-up: the images every manifest refers to (the import only needs them to exist)', async () => {
  await start();
  await c.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const keys = Array.from({ length: IMAGES }, (_, i) => imageKey(i));
  const body = Buffer.from('the import checks that an image exists, not what it holds');
  for (let i = 0; i < keys.length; i += 32) {
    await Promise.all(
      keys
        .slice(i, i + 32)
        .map((Key) => c.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: body }))),
    );
  }
});

test('kill -9 in the middle of a 60 MB import: after a restart the import runs to the end, in bounded memory', async () => {
  const path = join(scratch, 'big.manifest');
  const lines = await writeManifest(path, 3000, (bytes) => bytes >= BIG_MANIFEST_BYTES);
  await putFile('big.manifest', path);
  // A fresh engine process, so its peak memory is the import's, not the upload's.
  await restart('SIGTERM');
  await createDataset('big', 'train', 'big.manifest');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await describe('big', 'train')).Status, 'CREATE_IN_PROGRESS', 'killed mid-import');
  await restart('SIGKILL');
  const d = await settled('big', 'train');
  assert.equal(d.Status, 'CREATE_COMPLETE', d.StatusMessage);
  assert.equal(d.ImageStats!.Total, 3000);
  assert.match(d.StatusMessage!, /with 3000 images/);
  const peak = peakRssMb(engine.line.pid);
  console.log(
    `${lines} lines (${BIG_MANIFEST_BYTES / 1024 / 1024} MB) imported; engine peak RSS ${peak.toFixed(0)} MB`,
  );
  assert.ok(peak < 250, `the engine peaked at ${peak.toFixed(0)} MB for a 60 MB manifest`);
});

test('a manifest with more images than the dataset holds fails as soon as it has one too many', async () => {
  const path = join(scratch, 'over.manifest');
  await writeManifest(path, IMAGES, (_, lines) => lines === IMAGES + 100);
  await putFile('over.manifest', path);
  await createDataset('over', 'test', 'over.manifest');
  const d = await settled('over', 'test');
  assert.equal(d.Status, 'CREATE_FAILED');
  assert.equal(
    d.StatusMessage,
    'The manifest has more than 4000 images (line 4001 holds image 4001); a test dataset holds at most 4000',
  );
});

test('a 540 MB manifest, larger than one string can hold, imports; the engine then restarts cleanly', async () => {
  const path = join(scratch, 'huge.manifest');
  const bytes = 540 * 1024 * 1024;
  await writeManifest(path, 3000, (written) => written >= bytes);
  await putFile('huge.manifest', path);
  rmSync(path);
  await createDataset('huge', 'train', 'huge.manifest');
  const d = await settled('huge', 'train');
  assert.equal(d.Status, 'CREATE_COMPLETE', d.StatusMessage);
  assert.equal(d.ImageStats!.Total, 3000);
  await restart('SIGTERM');
  assert.equal((await describe('huge', 'train')).Status, 'CREATE_COMPLETE');
  assert.equal((await describe('big', 'train')).Status, 'CREATE_COMPLETE');
});
