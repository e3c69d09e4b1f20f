// Tags belong to a model, not to the ARN string that named it: the ARN carries the engine's region, which a restart
// with --region changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  DeleteModelCommand,
  DescribeModelCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
} from '@aws-sdk/client-lookoutvision';
import { Database } from '../../src/engine/store/database';
import { makeDataDir, removeDataDir, startTestEngine, type TestEngine } from '../support/engine-harness';

/** A TRAINED model row for p/1, as training leaves it (tags need no model files). */
function addModel(dataDir: string): void {
  const db = new Database(join(dataDir, 'engine.db'));
  db.run("INSERT OR IGNORE INTO projects (name, created) VALUES ('p', 1)");
  db.run(
    "INSERT INTO models (project, version, created, status, output_json) VALUES ('p', 1, 1, 'TRAINED', '{}')",
  );
  db.close();
}

/** The model's ARN as this engine names it (its region and account). */
const arnOf = async (t: TestEngine) =>
  (await t.lv.send(new DescribeModelCommand({ ProjectName: 'p', ModelVersion: '1' }))).ModelDescription!
    .ModelArn!;

test('tags follow their model across a change of region, go with DeleteModel, and a new model of that version has none', async () => {
  const dir = makeDataDir();
  let t = await startTestEngine(dir);
  await t.stop();
  addModel(dir);
  t = await startTestEngine(dir, 'us-east-1');
  await t.lv.send(
    new TagResourceCommand({ ResourceArn: await arnOf(t), Tags: [{ Key: 'owner', Value: 'alice' }] }),
  );
  await t.stop();

  t = await startTestEngine(dir, 'eu-west-1');
  const tags = async (arn: string) =>
    (await t.lv.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags;
  const arn = await arnOf(t);
  assert.match(arn, /:eu-west-1:/);
  assert.deepEqual(await tags(arn), [{ Key: 'owner', Value: 'alice' }]);
  await t.lv.send(new DeleteModelCommand({ ProjectName: 'p', ModelVersion: '1' }));
  await assert.rejects(tags(arn), ResourceNotFoundException);
  await t.stop();

  addModel(dir);
  t = await startTestEngine(dir, 'us-east-1');
  assert.deepEqual(await tags(await arnOf(t)), []);
  await t.stop();
  removeDataDir(dir);
});
