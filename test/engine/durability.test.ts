import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateProjectCommand,
  CreateDatasetCommand,
  ListProjectsCommand,
  DescribeDatasetCommand,
  UpdateDatasetEntriesCommand,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { startEngine, EngineAlreadyRunning } from '../../src/engine';
import { Database } from '../../src/engine/store/database';
import { ObjectStore } from '../../src/engine/store/objects';
import { migrations } from '../../src/engine/store/schema';
import { runEngineProcess } from '../support/engine-process';
import {
  startTestEngine,
  makeDataDir,
  removeDataDir,
  clients,
  pngImage,
  classificationLine,
} from '../support/engine-harness';

test('a restart on the same data directory keeps projects, datasets, objects and credentials', async () => {
  const dir = makeDataDir();
  const first = await startTestEngine(dir);
  await first.lv.send(new CreateProjectCommand({ ProjectName: 'kept' }));
  await first.s3.send(new CreateBucketCommand({ Bucket: 'kept-bucket' }));
  await first.s3.send(new PutObjectCommand({ Bucket: 'kept-bucket', Key: 'a.png', Body: await pngImage(1) }));
  await first.lv.send(new CreateDatasetCommand({ ProjectName: 'kept', DatasetType: 'train' }));
  await first.lv.send(
    new UpdateDatasetEntriesCommand({
      ProjectName: 'kept',
      DatasetType: 'train',
      Changes: Buffer.from(classificationLine('kept-bucket', 'a.png', 'normal')),
    }),
  );
  const keys = { id: first.engine.accessKeyId, secret: first.engine.secretAccessKey };
  await first.stop();

  const second = await startTestEngine(dir);
  assert.equal(second.engine.accessKeyId, keys.id);
  assert.equal(second.engine.secretAccessKey, keys.secret);
  const projects = await second.lv.send(new ListProjectsCommand({}));
  assert.deepEqual(
    projects.Projects!.map((p) => p.ProjectName),
    ['kept'],
  );
  const d = await second.lv.send(new DescribeDatasetCommand({ ProjectName: 'kept', DatasetType: 'train' }));
  assert.deepEqual(d.DatasetDescription!.ImageStats, { Total: 1, Labeled: 1, Normal: 1, Anomaly: 0 });
  const object = await second.s3.send(new GetObjectCommand({ Bucket: 'kept-bucket', Key: 'a.png' }));
  assert.deepEqual(Buffer.from(await object.Body!.transformToByteArray()), await pngImage(1));
  assert.equal(
    statSync(join(dir, 'credentials.json')).mode & 0o777,
    0o600,
    'credentials readable by the owner only',
  );
  await second.stop();
  removeDataDir(dir);
});

test('a second engine on a data directory in use reports the running one instead of opening it', async () => {
  const dir = makeDataDir();
  const running = await startTestEngine(dir);
  await assert.rejects(startEngine({ dataDir: dir }), (err: unknown) => {
    assert.ok(err instanceof EngineAlreadyRunning);
    assert.equal(err.info.endpoint, running.engine.endpoint);
    assert.equal(err.info.accessKeyId, running.engine.accessKeyId);
    return true;
  });
  await running.stop();
  removeDataDir(dir);
});

test('an older schema is migrated forward; a newer one is refused', () => {
  const dir = makeDataDir();
  const path = join(dir, 'engine.db');
  const old = new Database(path, migrations.slice(0, 1));
  assert.equal(old.schemaVersion, 1);
  old.run("INSERT INTO projects (name, created) VALUES ('from-v1', 1)");
  old.close();
  const current = new Database(path);
  assert.equal(current.schemaVersion, migrations.length);
  assert.equal(current.get('SELECT name FROM projects')!.name, 'from-v1');
  current.run(
    "INSERT INTO client_tokens (operation, token, params_hash, response_json, created) VALUES ('x', 't', 'h', '{}', 1)",
  );
  current.close();
  assert.throws(() => new Database(path, migrations.slice(0, 1)), /newer than this engine's/);
  removeDataDir(dir);
});

test('schema 5: an object and an upload stored before their headers were kept read back with none', () => {
  const dir = makeDataDir();
  const old = new Database(join(dir, 'engine.db'), migrations.slice(0, 4));
  old.run("INSERT INTO buckets (name, created) VALUES ('b', 1)");
  old.run(
    "INSERT INTO objects (bucket, key, size, etag, content_type, modified, file) VALUES ('b', 'k', 1, '\"e\"', 'image/png', 1, 'f')",
  );
  old.run(
    "INSERT INTO multipart_uploads (upload_id, bucket, key, content_type, initiated) VALUES ('u', 'b', 'k2', 'text/plain', 1)",
  );
  old.close();
  const db = new Database(join(dir, 'engine.db'));
  const objects = new ObjectStore(db, dir);
  assert.deepEqual([objects.head('b', 'k')?.contentType, objects.head('b', 'k')?.headers], ['image/png', {}]);
  assert.deepEqual(
    [objects.uploads.get('u')?.contentType, objects.uploads.get('u')?.headers],
    ['text/plain', {}],
  );
  db.close();
  removeDataDir(dir);
});

test('schema 4: tags move from ARNs to their models (whatever region named them), a model in training gets its entries', () => {
  const dir = makeDataDir();
  const path = join(dir, 'engine.db');
  const old = new Database(path, migrations.slice(0, 3));
  old.run("INSERT INTO projects (name, created) VALUES ('p', 1)");
  for (const [version, status] of [
    [1, 'TRAINED'],
    [2, 'TRAINING'],
  ] as const)
    old.run(
      "INSERT INTO models (project, version, created, status, output_json) VALUES ('p', ?, 1, ?, '{}')",
      version,
      status,
    );
  const arn = (region: string, model: string) =>
    `arn:aws:lookoutvision:${region}:123456789012:model/${model}`;
  for (const [model, region, key] of [
    ['p/1', 'us-east-1', 'owner'],
    ['p/1', 'eu-west-1', 'team'],
    ['p/12', 'us-east-1', 'stale'],
    ['gone/1', 'us-east-1', 'stale'],
  ])
    old.run('INSERT INTO tags (arn, key, value) VALUES (?, ?, ?)', arn(region, model), key, 'v');
  for (const [ref, cls] of [
    ['s3://b/a.png', 'normal'],
    ['s3://b/u.png', null],
  ])
    old.run(
      "INSERT INTO dataset_entries (project, type, source_ref, line, class, created) VALUES ('p', 'train', ?, ?, ?, 1)",
      ref,
      `{"source-ref":"${ref}"}`,
      cls,
    );
  old.close();
  const current = new Database(path);
  assert.deepEqual(
    current.all('SELECT project, version, key FROM model_tags ORDER BY key').map((r) => ({ ...r })),
    [
      { project: 'p', version: 1, key: 'owner' },
      { project: 'p', version: 1, key: 'team' },
    ],
  );
  assert.deepEqual(
    current.all('SELECT version, type, line FROM model_entries').map((r) => ({ ...r })),
    [{ version: 2, type: 'train', line: '{"source-ref":"s3://b/a.png"}' }],
  );
  current.close();
  removeDataDir(dir);
});

test('`lookout-vision engine` prints one JSON line when ready, reports a running engine, and stops on SIGTERM', async () => {
  const dir = makeDataDir();
  const engine = await runEngineProcess(dir);
  assert.equal(engine.line.reused, false);
  assert.match(engine.line.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  const { lv } = clients(engine.line);
  await lv.send(new CreateProjectCommand({ ProjectName: 'from-cli' }));
  const second = await runEngineProcess(dir);
  assert.equal(second.line.reused, true);
  assert.equal(second.line.endpoint, engine.line.endpoint);
  assert.equal(await second.exited, 0);
  engine.kill('SIGTERM');
  assert.equal(await engine.exited, 0);
  lv.destroy();
  const again = await runEngineProcess(dir);
  assert.equal(again.line.reused, false, 'the lock was released');
  again.kill('SIGKILL');
  await again.exited;
  const afterKill = await runEngineProcess(dir);
  assert.equal(afterKill.line.reused, false, 'a stale lock of a killed engine is taken over');
  const { lv: lv2 } = clients(afterKill.line);
  const projects = await lv2.send(new ListProjectsCommand({}));
  assert.deepEqual(
    projects.Projects!.map((p) => p.ProjectName),
    ['from-cli'],
  );
  lv2.destroy();
  afterKill.kill('SIGTERM');
  await afterKill.exited;
  removeDataDir(dir);
});
