// The training minimums judged before training, from the one definition the engine's training rule uses: a
// labelled folder is counted before upload, a dataset in the engine from its entries, and the training on the
// same images fails for the very shortfall they reported.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDatasetCommand,
  CreateModelCommand,
  CreateProjectCommand,
  DescribeDatasetCommand,
  DescribeModelCommand,
} from '@aws-sdk/client-lookoutvision';
import { datasetClassCounts, datasetRole, readiness } from '../../src/client/datasetReadiness';
import { folderClassCounts, uploadLabelledFolder } from '../../src/client/folderDataset';
import { ensureBucket, putObject } from '../../src/client/objectStore';
import { TRAINING_MINIMUMS } from '../../src/manifest/core';
import { useTestEngine } from '../support/engine-harness';
import { waitFor } from '../support/wait';

const plates = join(__dirname, '..', '..', '..', 'sample', 'workspace', 'plates');
const engine = useTestEngine(async ({ s3 }) => ensureBucket(s3, 'readiness'));

/** The sample folder with only its first `anomalies` anomalous images (and their masks). */
function samplePlates(anomalies: number): string {
  const folder = mkdtempSync(join(tmpdir(), 'lfv-readiness-'));
  for (const sub of ['normal', 'anomaly', 'masks']) mkdirSync(join(folder, sub));
  for (const name of readdirSync(join(plates, 'normal')))
    copyFileSync(join(plates, 'normal', name), join(folder, 'normal', name));
  for (const name of readdirSync(join(plates, 'anomaly')).sort().slice(0, anomalies)) {
    copyFileSync(join(plates, 'anomaly', name), join(folder, 'anomaly', name));
    copyFileSync(join(plates, 'masks', name), join(folder, 'masks', name));
  }
  copyFileSync(join(plates, 'masks', 'labels.json'), join(folder, 'masks', 'labels.json'));
  return folder;
}

test('roles: a train dataset is the only one unless the project has a test dataset', () => {
  assert.equal(datasetRole('train', false), 'single');
  assert.equal(datasetRole('train', true), 'training');
  assert.equal(datasetRole('test', true), 'test');
});

test('a segmentation folder short of single-label images says so, with the numbers, before upload', async () => {
  const counts = await folderClassCounts(samplePlates(12));
  assert.deepEqual(counts, {
    normal: 20,
    anomaly: 12,
    segmentation: true,
    singleLabelImages: new Map([['scratch', 12]]),
  });
  const short = readiness(counts, 'single');
  assert.equal(short.met, false);
  assert.deepEqual(short.missing, [
    `${TRAINING_MINIMUMS.single.perLabel - 12} more images with only "scratch" (12 of ${TRAINING_MINIMUMS.single.perLabel})`,
  ]);
  assert.equal(
    short.sentence,
    `as the project's only dataset, training needs 8 more images with only "scratch" (12 of 20)`,
  );
  // As the training dataset of a project with a test dataset, 12 are enough.
  assert.equal(readiness(counts, 'training').met, true);
  assert.equal(readiness(await folderClassCounts(plates), 'single').met, true);
});

test("a dataset's counts come from its entries, and training fails for the same shortfall", async () => {
  const { lv, s3 } = engine();
  const folder = samplePlates(12);
  const lines = await uploadLabelledFolder(s3, folder, 'readiness', 'short/');
  await putObject(
    s3,
    'readiness',
    'short.manifest',
    new TextEncoder().encode(lines.join('\n')),
    'application/x-ndjson',
  );
  await lv.send(new CreateProjectCommand({ ProjectName: 'short' }));
  await lv.send(
    new CreateDatasetCommand({
      ProjectName: 'short',
      DatasetType: 'train',
      DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: 'readiness', Key: 'short.manifest' } } },
    }),
  );
  const description = await waitFor(
    'the import',
    async () =>
      (await lv.send(new DescribeDatasetCommand({ ProjectName: 'short', DatasetType: 'train' })))
        .DatasetDescription!,
    (d) => !d.Status!.endsWith('IN_PROGRESS'),
  );
  assert.equal(description.Status, 'CREATE_COMPLETE', description.StatusMessage);
  assert.deepEqual(await datasetClassCounts(lv, 'short', description), await folderClassCounts(folder));

  await lv.send(
    new CreateModelCommand({
      ProjectName: 'short',
      OutputConfig: { S3Location: { Bucket: 'readiness', Prefix: 'out/' } },
    }),
  );
  const model = await waitFor(
    'the training',
    async () =>
      (await lv.send(new DescribeModelCommand({ ProjectName: 'short', ModelVersion: '1' })))
        .ModelDescription!,
    (m) => m.Status !== 'TRAINING',
  );
  assert.equal(model.Status, 'TRAINING_FAILED');
  assert.match(
    model.StatusMessage!,
    /needs at least 20 images that contain only the anomaly label "scratch"; the dataset has 12/,
  );
});

test('a classification dataset costs at most one page of entries', async () => {
  const { lv } = engine();
  const counts = await datasetClassCounts(lv, 'no-such-project', {
    DatasetType: 'train',
    ImageStats: { Normal: 20, Anomaly: 0, Total: 20, Labeled: 20 },
  });
  // No anomalous images: no request at all (the project does not even exist).
  assert.deepEqual(counts, { normal: 20, anomaly: 0, segmentation: false, singleLabelImages: new Map() });
});
