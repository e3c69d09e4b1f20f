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
