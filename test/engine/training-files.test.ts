// Training reads its images from files pinned (hard-linked) for it, in the ML worker, never on the server thread:
// an image overwritten or deleted in S3 while the model trains changes nothing, and the pinned files go afterwards.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateModelCommand,
  CreateProjectCommand,
  DescribeModelCommand,
  ListDatasetEntriesCommand,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { generateDataset } from '../support/synth/generate';
import { proceduralTexture } from '../support/synth/texture';
import { removeDataDir, startTestEngine, type TestEngine } from '../support/engine-harness';
import { createDatasetFromImages } from '../support/upload-dataset';
import { waitFor } from '../support/wait';

const BUCKET = 'pinned-bucket';
let t: TestEngine;
after(async () => {
  await t.stop();
  removeDataDir(t.dataDir);
});

test('images overwritten and deleted during training: the training uses what the dataset held', async () => {
  t = await startTestEngine();
  const data = await generateDataset({
    source: proceduralTexture('weave', 384, 384, 21),
    size: 128,
    split: 'easy',
    counts: { trainNormal: 24, trainAnomalous: 12, testNormal: 0, testAnomalous: 0 },
    defects: ['scratch', 'spot'],
    masks: false,
    seed: 21,
  });
  await t.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await t.lv.send(new CreateProjectCommand({ ProjectName: 'pinned' }));
  await createDatasetFromImages(t, BUCKET, 'pinned', 'train', data.train);
  const entries = (
    await t.lv.send(new ListDatasetEntriesCommand({ ProjectName: 'pinned', DatasetType: 'train' }))
  ).DatasetEntries!.map((line) =>
    (JSON.parse(line) as { 'source-ref': string })['source-ref'].split('/').slice(3).join('/'),
  );
  await t.lv.send(
    new CreateModelCommand({ ProjectName: 'pinned', OutputConfig: { S3Location: { Bucket: BUCKET } } }),
  );
  const pinned = join(t.dataDir, 'models', 'pinned', '1.images');
  await waitFor(
    'every image pinned',
    async () => (existsSync(pinned) ? readdirSync(pinned).length : 0),
    (n) => n === entries.length,
    30,
  );
  await t.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: entries[0], Body: 'no longer an image' }));
  await t.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: entries[1] }));
  const model = await waitFor(
    'training',
    async () =>
      (await t.lv.send(new DescribeModelCommand({ ProjectName: 'pinned', ModelVersion: '1' })))
        .ModelDescription!,
    (m) => m.Status !== 'TRAINING',
  );
  assert.equal(model.Status, 'TRAINED', model.StatusMessage);
  assert.equal(existsSync(pinned), false, 'the pinned files are removed after training');
  assert.deepEqual(readdirSync(join(t.dataDir, 'models', 'pinned')), ['1']);
});
