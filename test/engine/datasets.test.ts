import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDatasetCommand,
  CreateProjectCommand,
  DeleteDatasetCommand,
  DeleteProjectCommand,
  DescribeDatasetCommand,
  DescribeProjectCommand,
  ListDatasetEntriesCommand,
  UpdateDatasetEntriesCommand,
  ConflictException,
  ResourceNotFoundException,
  ValidationException,
  type DatasetDescription,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { pngImage, classificationLine, useTestEngine } from '../support/engine-harness';
import { waitFor } from '../support/wait';

const bucket = 'datasets-bucket';

async function upload(key: string, seed: number, target = bucket): Promise<void> {
  await t().s3.send(
    new PutObjectCommand({ Bucket: target, Key: key, Body: await pngImage(seed), ContentType: 'image/png' }),
  );
}

const waitForDataset = (project: string, type: string): Promise<DatasetDescription> =>
  waitFor(
    'dataset',
    async () =>
      (await t().lv.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: type })))
        .DatasetDescription!,
    (d) => !d.Status!.endsWith('IN_PROGRESS'),
  );

const t = useTestEngine(async (engine) => {
  await engine.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await engine.s3.send(new CreateBucketCommand({ Bucket: 'other-bucket' }));
  for (let i = 0; i < 12; i++) await upload(`images/img-${i}.png`, i);
  await upload('elsewhere/img.png', 99, 'other-bucket');
});

test('an empty dataset is created synchronously and turns the project into a single-dataset project', async () => {
  await t().lv.send(new CreateProjectCommand({ ProjectName: 'empty' }));
  const created = await t().lv.send(new CreateDatasetCommand({ ProjectName: 'empty', DatasetType: 'train' }));
  assert.equal(created.$metadata.httpStatusCode, 202);
  assert.equal(created.DatasetMetadata!.Status, 'CREATE_COMPLETE');
  const project = await t().lv.send(new DescribeProjectCommand({ ProjectName: 'empty' }));
  assert.deepEqual(
    project.ProjectDescription!.Datasets!.map((d) => d.DatasetType),
    ['train'],
  );
  const d = await waitForDataset('empty', 'train');
  assert.deepEqual(d.ImageStats, { Total: 0, Labeled: 0, Normal: 0, Anomaly: 0 });
  await assert.rejects(
    t().lv.send(new CreateDatasetCommand({ ProjectName: 'empty', DatasetType: 'train' })),
    ConflictException,
  );
  await assert.rejects(t().lv.send(new DeleteProjectCommand({ ProjectName: 'empty' })), (err: unknown) => {
    assert.ok(err instanceof ConflictException);
    assert.match(err.message, /still has datasets \(train\)/);
    return true;
  });
  await t().lv.send(new DeleteDatasetCommand({ ProjectName: 'empty', DatasetType: 'train' }));
  await t().lv.send(new DeleteProjectCommand({ ProjectName: 'empty' }));
});

test('a dataset from a Ground Truth manifest imports asynchronously and reports ImageStats', async () => {
  await t().lv.send(new CreateProjectCommand({ ProjectName: 'manifest' }));
  const lines = [
    ...[0, 1, 2, 3, 4].map((i) => classificationLine(bucket, `images/img-${i}.png`, 'normal')),
    ...[5, 6].map((i) => classificationLine(bucket, `images/img-${i}.png`, 'anomaly', 'my-label')),
    classificationLine(bucket, 'images/img-7.png', 'unsure'),
  ];
  await t().s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: 'train.manifest', Body: lines.join('\n') + '\n' }),
  );
  const created = await t().lv.send(
    new CreateDatasetCommand({
      ProjectName: 'manifest',
      DatasetType: 'train',
      DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: bucket, Key: 'train.manifest' } } },
    }),
  );
  assert.equal(created.DatasetMetadata!.Status, 'CREATE_IN_PROGRESS');
  const d = await waitForDataset('manifest', 'train');
  assert.equal(d.Status, 'CREATE_COMPLETE', d.StatusMessage);
  assert.deepEqual(d.ImageStats, { Total: 8, Labeled: 7, Normal: 5, Anomaly: 2 });
  assert.ok(d.LastUpdatedTimestamp instanceof Date);
});

test('a manifest with a bad line ends CREATE_FAILED with a message naming the line', async () => {
  await t().lv.send(new CreateProjectCommand({ ProjectName: 'badmanifest' }));
  const lines = [
    classificationLine(bucket, 'images/img-0.png', 'normal'),
    '{"source-ref": "s3://datasets-bucket/images/missing.png"}',
    'not json',
  ];
  await t().s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bad.manifest', Body: lines.join('\n') }));
  await t().lv.send(
    new CreateDatasetCommand({
      ProjectName: 'badmanifest',
      DatasetType: 'train',
      DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: bucket, Key: 'bad.manifest' } } },
    }),
  );
  const d = await waitForDataset('badmanifest', 'train');
  assert.equal(d.Status, 'CREATE_FAILED');
  assert.match(d.StatusMessage!, /line 2: image s3:\/\/datasets-bucket\/images\/missing\.png does not exist/);
  assert.match(d.StatusMessage!, /line 3: invalid JSON/);
  assert.deepEqual(d.ImageStats, { Total: 0, Labeled: 0, Normal: 0, Anomaly: 0 }, 'nothing half-imported');

  await t().lv.send(
    new CreateDatasetCommand({
      ProjectName: 'badmanifest',
      DatasetType: 'test',
      DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: bucket, Key: 'nowhere.manifest' } } },
    }),
  );
  const missing = await waitForDataset('badmanifest', 'test');
  assert.equal(missing.Status, 'CREATE_FAILED');
  assert.match(missing.StatusMessage!, /s3:\/\/datasets-bucket\/nowhere\.manifest does not exist/);
});

test('UpdateDatasetEntries adds lines and replaces by source-ref; the same-bucket rule holds', async () => {
  await t().lv.send(new CreateProjectCommand({ ProjectName: 'updates' }));
  await t().lv.send(new CreateDatasetCommand({ ProjectName: 'updates', DatasetType: 'train' }));
  const changes = [0, 1, 2]
    .map((i) => classificationLine(bucket, `images/img-${i}.png`, 'normal'))
    .join('\n');
  const updated = await t().lv.send(
    new UpdateDatasetEntriesCommand({
      ProjectName: 'updates',
      DatasetType: 'train',
      Changes: Buffer.from(changes),
    }),
  );
  assert.equal(updated.$metadata.httpStatusCode, 202);
  assert.ok(updated.Status);
  const relabel = classificationLine(bucket, 'images/img-1.png', 'anomaly');
  await t().lv.send(
    new UpdateDatasetEntriesCommand({
      ProjectName: 'updates',
      DatasetType: 'train',
      // JSON's whitespace around the object is accepted, and not stored: an entry is `{…}` (DatasetEntry's pattern).
      Changes: Buffer.from(` \t${relabel} \r\n`),
    }),
  );
  const d = await waitForDataset('updates', 'train');
  assert.equal(d.Status, 'UPDATE_COMPLETE');
  assert.deepEqual(d.ImageStats, { Total: 3, Labeled: 3, Normal: 2, Anomaly: 1 });
  const entries = await t().lv.send(
    new ListDatasetEntriesCommand({ ProjectName: 'updates', DatasetType: 'train' }),
  );
  assert.equal(entries.DatasetEntries!.length, 3);
  assert.equal(entries.DatasetEntries![1], relabel, 'replaced in place, order kept');

  const other = classificationLine('other-bucket', 'elsewhere/img.png', 'normal');
  await assert.rejects(
    t().lv.send(
      new UpdateDatasetEntriesCommand({
        ProjectName: 'updates',
        DatasetType: 'train',
        Changes: Buffer.from(other),
      }),
    ),
    (err: unknown) => {
      assert.ok(err instanceof ValidationException);
      assert.match(
        err.message,
        /line 1: image s3:\/\/other-bucket\/elsewhere\/img\.png is not in bucket datasets-bucket/,
      );
      return true;
    },
  );
  await assert.rejects(
    t().lv.send(
      new UpdateDatasetEntriesCommand({
        ProjectName: 'updates',
        DatasetType: 'train',
        Changes: Buffer.from('{"source-ref": 3}'),
      }),
    ),
    ValidationException,
  );
  await assert.rejects(
    t().lv.send(
      new UpdateDatasetEntriesCommand({
        ProjectName: 'updates',
        DatasetType: 'test',
        Changes: Buffer.from(relabel),
      }),
    ),
    (err: unknown) => {
      assert.ok(err instanceof ResourceNotFoundException);
      assert.equal(err.ResourceType, 'DATASET');
      return true;
    },
  );
});

test('ListDatasetEntries applies all five filters and pages', async () => {
  await t().lv.send(new CreateProjectCommand({ ProjectName: 'filters' }));
  await t().lv.send(new CreateDatasetCommand({ ProjectName: 'filters', DatasetType: 'train' }));
  const add = (lines: string[]) =>
    t().lv.send(
      new UpdateDatasetEntriesCommand({
        ProjectName: 'filters',
        DatasetType: 'train',
        Changes: Buffer.from(lines.join('\n')),
      }),
    );
  await add([0, 1, 2, 3].map((i) => classificationLine(bucket, `images/img-${i}.png`, 'normal')));
  await new Promise((r) => setTimeout(r, 1100));
  const middle = new Date();
  await new Promise((r) => setTimeout(r, 1100));
  await add([
    ...[4, 5, 6].map((i) => classificationLine(bucket, `images/img-${i}.png`, 'anomaly')),
    classificationLine(bucket, 'images/img-11.png', 'unknown'),
  ]);
  const list = async (filters: object) => {
    const found: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await t().lv.send(
        new ListDatasetEntriesCommand({
          ProjectName: 'filters',
          DatasetType: 'train',
          MaxResults: 2,
          NextToken,
          ...filters,
        }),
      );
      found.push(
        ...page.DatasetEntries!.map((l) =>
          (JSON.parse(l) as { 'source-ref': string })['source-ref'].replace(/.*img-/, ''),
        ),
      );
      NextToken = page.NextToken;
    } while (NextToken);
    return found;
  };
  assert.deepEqual(await list({}), ['0.png', '1.png', '2.png', '3.png', '4.png', '5.png', '6.png', '11.png']);
  assert.deepEqual(await list({ Labeled: true }), [
    '0.png',
    '1.png',
    '2.png',
    '3.png',
    '4.png',
    '5.png',
    '6.png',
  ]);
  assert.deepEqual(await list({ Labeled: false }), ['11.png']);
  assert.deepEqual(await list({ AnomalyClass: 'anomaly' }), ['4.png', '5.png', '6.png']);
  assert.deepEqual(await list({ AnomalyClass: 'normal' }), ['0.png', '1.png', '2.png', '3.png']);
  assert.deepEqual(await list({ BeforeCreationDate: middle }), ['0.png', '1.png', '2.png', '3.png']);
  assert.deepEqual(await list({ AfterCreationDate: middle }), ['4.png', '5.png', '6.png', '11.png']);
  assert.deepEqual(await list({ SourceRefContains: 'img-1' }), ['1.png', '11.png']);
  assert.deepEqual(await list({ SourceRefContains: 'img-', AnomalyClass: 'anomaly', MaxResults: 1 }), [
    '4.png',
    '5.png',
    '6.png',
  ]);
  await assert.rejects(
    t().lv.send(
      new ListDatasetEntriesCommand({ ProjectName: 'filters', DatasetType: 'train', AnomalyClass: 'weird' }),
    ),
    ValidationException,
  );
  await assert.rejects(
    t().lv.send(new ListDatasetEntriesCommand({ ProjectName: 'filters', DatasetType: 'validation' })),
    ValidationException,
  );
});
