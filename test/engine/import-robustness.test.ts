// One bad manifest used to take the engine down, and with it every restart (the import runs again on start-up).
// Each test reproduces such a manifest through the SDK and checks that only its dataset fails.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateDatasetCommand,
  CreateProjectCommand,
  DescribeDatasetCommand,
  DescribeModelCommand,
  DescribeModelPackagingJobCommand,
  ListDatasetEntriesCommand,
  ListProjectsCommand,
  UpdateDatasetEntriesCommand,
  ValidationException,
  type DatasetDescription,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Database } from '../../src/engine/store/database';
import {
  classificationLine,
  makeDataDir,
  pngImage,
  removeDataDir,
  startTestEngine,
  type TestEngine,
} from '../support/engine-harness';
import { waitFor } from '../support/wait';

const BUCKET = 'robust-bucket';
/** The line that bricked the data directory: 8,000 unclosed brackets (8 KB). */
const POISON = `{"source-ref":"s3://${BUCKET}/images/0.png","x":${'['.repeat(8000)}`;

const dir = makeDataDir();
let t: TestEngine;
after(async () => {
  await t.stop();
  removeDataDir(dir);
});

const line = (i: number, className = 'normal') => classificationLine(BUCKET, `images/${i}.png`, className);

const describe = async (project: string, type = 'train'): Promise<DatasetDescription> =>
  (await t.lv.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: type })))
    .DatasetDescription!;

const settled = (project: string, type = 'train') =>
  waitFor(
    `${project} ${type} dataset`,
    () => describe(project, type),
    (d) => !d.Status!.endsWith('IN_PROGRESS'),
  );

async function createFromManifest(project: string, manifest: string | Buffer): Promise<void> {
  const key = `${project}.manifest`;
  await t.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: manifest }));
  await t.lv.send(new CreateProjectCommand({ ProjectName: project }));
  const created = await t.lv.send(
    new CreateDatasetCommand({
      ProjectName: project,
      DatasetType: 'train',
      DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: BUCKET, Key: key } } },
    }),
  );
  assert.equal(created.$metadata.httpStatusCode, 202);
}

async function engineAnswers(): Promise<void> {
  const projects = await t.lv.send(new ListProjectsCommand({}));
  assert.equal(projects.$metadata.httpStatusCode, 200);
}

test('set-up: a healthy project beside the poisoned ones', async () => {
  t = await startTestEngine(dir);
  await t.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (let i = 0; i < 6; i++) {
    await t.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `images/${i}.png`, Body: await pngImage(i) }),
    );
  }
  await createFromManifest('healthy', [0, 1, 2].map((i) => line(i)).join('\n'));
  assert.equal((await settled('healthy')).Status, 'CREATE_COMPLETE');
});

test('CreateDataset from a manifest with a line nested 8,000 deep ends CREATE_FAILED, naming the line', async () => {
  await createFromManifest('poisoned', `${line(0)}\n${POISON}\n${line(1)}\n`);
  const d = await settled('poisoned');
  assert.equal(d.Status, 'CREATE_FAILED');
  assert.match(
    d.StatusMessage!,
    /is not valid: line 2: objects and arrays are nested more than 64 levels deep/,
  );
  await engineAnswers();
});

test('UpdateDatasetEntries with that line is a 400 ValidationException', async () => {
  await t.lv.send(new CreateProjectCommand({ ProjectName: 'updated' }));
  await t.lv.send(new CreateDatasetCommand({ ProjectName: 'updated', DatasetType: 'train' }));
  await assert.rejects(
    t.lv.send(
      new UpdateDatasetEntriesCommand({
        ProjectName: 'updated',
        DatasetType: 'train',
        Changes: Buffer.from(POISON),
      }),
    ),
    (err: unknown) => {
      assert.ok(err instanceof ValidationException, String(err));
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.match(err.message, /line 1: objects and arrays are nested more than 64 levels deep/);
      return true;
    },
  );
  await engineAnswers();
});

test('streamed checking keeps the rules: CRLF line numbers, the first 5 problems, the last of duplicate lines', async () => {
  const bad = [line(0), '{"source-ref": 1}', line(1), 'not json', line(99), '[]', '{}', '{"x":1}', '{"y":2}'];
  await createFromManifest('five', bad.join('\r\n'));
  const failed = await settled('five');
  assert.equal(failed.Status, 'CREATE_FAILED');
  const problems = failed.StatusMessage!.replace(/^.*is not valid: /, '').split('; ');
  assert.deepEqual(
    problems.map((p) => p.replace(/:.*/, '')),
    ['line 2', 'line 4', 'line 5', 'line 6', 'line 7'],
  );
  assert.match(problems[2]!, /image s3:\/\/robust-bucket\/images\/99\.png does not exist/);

  await createFromManifest('duplicates', [line(0), line(1), line(0, 'anomaly'), line(2)].join('\r\n'));
  const d = await settled('duplicates');
  assert.equal(d.Status, 'CREATE_COMPLETE', d.StatusMessage);
  assert.deepEqual(d.ImageStats, { Total: 3, Labeled: 3, Normal: 2, Anomaly: 1 });
  const entries = await t.lv.send(
    new ListDatasetEntriesCommand({ ProjectName: 'duplicates', DatasetType: 'train' }),
  );
  assert.deepEqual(entries.DatasetEntries, [line(1), line(0, 'anomaly'), line(2)], 'no \\r kept');
});

test('an import that fails unexpectedly (its file gone from disk) ends CREATE_FAILED and the engine serves on', async () => {
  const key = 'vanishing.manifest';
  await t.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: line(0) }));
  const db = new Database(join(dir, 'engine.db'));
  const row = db.get('SELECT file FROM objects WHERE bucket = ? AND key = ?', BUCKET, key);
  db.close();
  rmSync(join(dir, 'objects', String(row!.file)));
  await t.lv.send(new CreateProjectCommand({ ProjectName: 'vanishing' }));
  await t.lv.send(
    new CreateDatasetCommand({
      ProjectName: 'vanishing',
      DatasetType: 'train',
      DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: BUCKET, Key: key } } },
    }),
  );
  const d = await settled('vanishing');
  assert.equal(d.Status, 'CREATE_FAILED');
  assert.match(d.StatusMessage!, /^The manifest could not be imported: ENOENT/);
  assert.ok(
    t.logs.some((l) => /import of the train dataset of project vanishing failed: Error: ENOENT/.test(l)),
    'logged with its stack',
  );
  await engineAnswers();
});

test('a restart with the poisoned import pending starts, fails that dataset only, and keeps the others', async () => {
  await t.stop();
  // As if the engine had been killed during the import: start-up runs it again. Beside it, other work start-up
  // resumes and that cannot succeed: a packaging job whose configuration is damaged, a hosted model whose files
  // are gone.
  const db = new Database(join(dir, 'engine.db'));
  db.run("UPDATE datasets SET status = 'CREATE_IN_PROGRESS' WHERE project = 'poisoned'");
  db.run(
    `INSERT INTO packaging_jobs (project, name, model_version, configuration_json, method, status, created, updated)
     VALUES ('healthy', 'damaged', 1, '{}', 'Greengrass', 'RUNNING', 0, 0)`,
  );
  db.run(
    `INSERT INTO models (project, version, created, status, output_json, min_units, max_units)
     VALUES ('healthy', 1, 0, 'HOSTED', '{}', 1, 1)`,
  );
  db.close();
  t = await startTestEngine(dir);
  await engineAnswers();
  const job = await waitFor(
    'the damaged packaging job',
    async () =>
      (await t.lv.send(new DescribeModelPackagingJobCommand({ ProjectName: 'healthy', JobName: 'damaged' })))
        .ModelPackagingDescription!,
    (j) => j.Status !== 'RUNNING',
  );
  assert.equal(job.Status, 'FAILED');
  assert.match(job.StatusMessage!, /^Packaging failed: /);
  const model = await waitFor(
    'the model without files',
    async () =>
      (await t.lv.send(new DescribeModelCommand({ ProjectName: 'healthy', ModelVersion: '1' })))
        .ModelDescription!,
    (m) => m.Status !== 'HOSTED',
  );
  assert.equal(model.Status, 'HOSTING_FAILED');
  assert.match(model.StatusMessage!, /the model files are missing/);
  const poisoned = await settled('poisoned');
  assert.equal(poisoned.Status, 'CREATE_FAILED');
  assert.match(poisoned.StatusMessage!, /line 2: objects and arrays are nested more than 64 levels deep/);
  const healthy = await describe('healthy');
  assert.equal(healthy.Status, 'CREATE_COMPLETE');
  assert.equal(healthy.ImageStats!.Total, 3);
  const image = await t.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'images/2.png' }));
  assert.deepEqual(Buffer.from(await image.Body!.transformToByteArray()), await pngImage(2));
});
