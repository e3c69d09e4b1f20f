// Long operations report how far they have got, through the real SDK: a training's StatusMessage moves through
// its stages (with the feature extraction in percent) before TRAINED, and an import says how many lines it has
// read of about how many.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDatasetCommand,
  CreateModelCommand,
  CreateProjectCommand,
  DescribeDatasetCommand,
  DescribeModelCommand,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  classificationLine,
  pngImage,
  removeDataDir,
  startTestEngine,
  type TestEngine,
} from '../support/engine-harness';
import { createDatasetFromImages } from '../support/upload-dataset';

const BUCKET = 'progress-bucket';
let t: TestEngine;

before(async () => {
  t = await startTestEngine();
  await t.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
after(async () => {
  await t.stop();
  removeDataDir(t.dataDir);
});

/** Every distinct value `read` gives until `done`, in order (polled as fast as the engine answers). */
async function observe<T>(read: () => Promise<T>, done: (value: T) => boolean, key: (value: T) => string) {
  const seen: string[] = [];
  const end = Date.now() + 180_000;
  for (;;) {
    const value = await read();
    const text = key(value);
    if (seen[seen.length - 1] !== text) seen.push(text);
    if (done(value)) return seen;
    assert.ok(Date.now() < end, `timed out; seen ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const STAGES = [
  /^Training started$/,
  /^Training: reading the datasets$/,
  /^Training: checking images$/,
  /^Training: extracting features \d{1,3} %$/,
  /^Training: fitting the normality model( \(member \d of \d\))?$/,
  /^Training: fitting the pixel classifier( \(member \d of \d\))?$/,
  /^Training: choosing the scorer and threshold( \(member \d of \d\))?$/,
  /^Training: evaluating on \d+ test images$/,
  /^Training: saving the model$/,
];
/** The stages each member of an ensemble goes through in turn (train.ts, fitMember). */
const MEMBER_STAGES = [4, 5, 6];

/** Where a note falls in the order of a training: its stage, and for a member's stage, its member first. */
function order(note: string): number {
  const stage = STAGES.findIndex((s) => s.test(note));
  if (stage < 0 || !MEMBER_STAGES.includes(stage)) return stage < 0 ? -1 : stage * 100;
  const member = Number(/\(member (\d) of/.exec(note)?.[1] ?? 1);
  return MEMBER_STAGES[0] * 100 + (member - 1) * MEMBER_STAGES.length + (stage - MEMBER_STAGES[0]);
}

test("a training's StatusMessage moves through its stages, in order, before TRAINED", async () => {
  // Large enough images that the feature extraction outlasts the engine's half-second between notes.
  const images = await Promise.all(
    Array.from({ length: 36 }, async (_, i) => ({
      bytes: await pngImage(i, 320),
      anomalous: i >= 24,
      ref: '',
    })),
  );
  await t.lv.send(new CreateProjectCommand({ ProjectName: 'progress' }));
  await createDatasetFromImages(t, BUCKET, 'progress', 'train', images);
  await t.lv.send(
    new CreateModelCommand({
      ProjectName: 'progress',
      OutputConfig: { S3Location: { Bucket: BUCKET, Prefix: 'out/' } },
    }),
  );
  const seen = await observe(
    async () =>
      (await t.lv.send(new DescribeModelCommand({ ProjectName: 'progress', ModelVersion: '1' })))
        .ModelDescription!,
    (m) => m.Status !== 'TRAINING',
    (m) => `${m.Status} ${m.StatusMessage}`,
  );
  const last = seen.pop()!;
  assert.match(last, /^TRAINED Training completed in/, JSON.stringify(seen));
  const notes = seen.map((s) => s.replace(/^TRAINING /, ''));
  const stages = notes.map(order);
  assert.ok(!stages.includes(-1), `unknown notes in ${JSON.stringify(notes)}`);
  assert.deepEqual(
    stages,
    [...stages].sort((a, b) => a - b),
    `stages out of order: ${JSON.stringify(notes)}`,
  );
  assert.ok(new Set(stages).size >= 3, `too few stages seen: ${JSON.stringify(notes)}`);
  const percents = notes.flatMap((n) => /extracting features (\d+) %/.exec(n)?.[1] ?? []).map(Number);
  assert.ok(percents.length > 0, `no feature extraction progress in ${JSON.stringify(notes)}`);
  assert.deepEqual(
    percents,
    [...percents].sort((a, b) => a - b),
  );
  assert.ok(percents.every((p) => p >= 0 && p <= 100));
});

test('an import says how many lines it has read, of about how many', async () => {
  const IMAGES = 500;
  const LINES = 150_000;
  for (let i = 0; i < IMAGES; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, j) =>
        t.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `lines/${i + j}.png`, Body: 'exists' })),
      ),
    );
  }
  // Later lines replace earlier ones of the same image: many lines, few images.
  const manifest = Array.from({ length: LINES }, (_, i) =>
    classificationLine(BUCKET, `lines/${i % IMAGES}.png`, i % 5 ? 'normal' : 'anomaly'),
  ).join('\n');
  await t.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'lines.manifest', Body: manifest }));
  await t.lv.send(new CreateProjectCommand({ ProjectName: 'lines' }));
  await t.lv.send(
    new CreateDatasetCommand({
      ProjectName: 'lines',
      DatasetType: 'train',
      DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: BUCKET, Key: 'lines.manifest' } } },
    }),
  );
  const seen = await observe(
    async () =>
      (await t.lv.send(new DescribeDatasetCommand({ ProjectName: 'lines', DatasetType: 'train' })))
        .DatasetDescription!,
    (d) => !d.Status!.endsWith('IN_PROGRESS'),
    (d) => `${d.Status} ${d.StatusMessage}`,
  );
  assert.match(
    seen.pop()!,
    /^CREATE_COMPLETE Dataset created from s3:\/\/progress-bucket\/lines\.manifest with 500 images$/,
  );
  const counts = seen.flatMap((s) => {
    const m = /^CREATE_IN_PROGRESS Importing the manifest: ([\d,]+) of about ([\d,]+) lines read$/.exec(s);
    return m ? [[Number(m[1]!.replace(/,/g, '')), Number(m[2]!.replace(/,/g, ''))] as const] : [];
  });
  assert.ok(counts.length > 0, `no progress in ${JSON.stringify(seen)}`);
  for (const [read, total] of counts) {
    assert.ok(read > 0 && read <= LINES, `read ${read}`);
    // Every line has the same length here, so the estimate is close.
    assert.ok(Math.abs(total - LINES) <= LINES * 0.03, `estimated ${total} of ${LINES}`);
  }
  const reads = counts.map(([read]) => read);
  assert.deepEqual(
    reads,
    [...reads].sort((a, b) => a - b),
  );
});
