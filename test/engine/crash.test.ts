// kill -9 at awkward moments, then restart on the same data directory: every model ends in a consistent state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateModelCommand,
  CreateProjectCommand,
  DescribeModelCommand,
  DetectAnomaliesCommand,
  StartModelCommand,
  type LookoutVisionClient,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { generateDataset } from '../support/synth/generate';
import { proceduralTexture } from '../support/synth/texture';
import { clients, makeDataDir, removeDataDir } from '../support/engine-harness';
import { runEngineProcess, type EngineProcess } from '../support/engine-process';
import { createDatasetFromImages } from '../support/upload-dataset';
import { waitFor } from '../support/wait';

async function status(lv: LookoutVisionClient): Promise<string> {
  return (await lv.send(new DescribeModelCommand({ ProjectName: 'crash', ModelVersion: '1' })))
    .ModelDescription!.Status!;
}

const until = (lv: LookoutVisionClient, states: string[]) =>
  waitFor(
    'model status',
    () => status(lv),
    (s) => states.includes(s),
  );

async function killAndRestart(engine: EngineProcess, c: ReturnType<typeof clients>, dir: string) {
  engine.kill('SIGKILL');
  await engine.exited;
  c.lv.destroy();
  c.s3.destroy();
  const restarted = await runEngineProcess(dir);
  return { engine: restarted, c: clients(restarted.line) };
}

test('kill -9 during training resumes it after a restart; kill -9 while hosted comes back HOSTED', async () => {
  const dir = makeDataDir();
  let engine = await runEngineProcess(dir);
  let c = clients(engine.line);
  const data = await generateDataset({
    source: proceduralTexture('granite', 384, 384, 3),
    size: 128,
    split: 'easy',
    counts: { trainNormal: 24, trainAnomalous: 10, testNormal: 0, testAnomalous: 0 },
    defects: ['scratch', 'spot'],
    masks: false,
    seed: 9,
  });
  await c.s3.send(new CreateBucketCommand({ Bucket: 'crash-bucket' }));
  await c.lv.send(new CreateProjectCommand({ ProjectName: 'crash' }));
  await createDatasetFromImages(c, 'crash-bucket', 'crash', 'train', data.train);
  await c.lv.send(
    new CreateModelCommand({
      ProjectName: 'crash',
      OutputConfig: { S3Location: { Bucket: 'crash-bucket' } },
    }),
  );
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(await status(c.lv), 'TRAINING');
  ({ engine, c } = await killAndRestart(engine, c, dir));
  assert.equal(
    await until(c.lv, ['TRAINED', 'TRAINING_FAILED']),
    'TRAINED',
    'the interrupted training ran again to the end',
  );
  assert.deepEqual(readdirSync(join(dir, 'models', 'crash')), ['1'], 'no half-written model directory left');

  await c.lv.send(new StartModelCommand({ ProjectName: 'crash', ModelVersion: '1', MinInferenceUnits: 1 }));
  assert.equal(await until(c.lv, ['HOSTED', 'HOSTING_FAILED']), 'HOSTED');
  ({ engine, c } = await killAndRestart(engine, c, dir));
  assert.equal(await until(c.lv, ['HOSTED', 'HOSTING_FAILED']), 'HOSTED');
  const result = await c.lv.send(
    new DetectAnomaliesCommand({
      ProjectName: 'crash',
      ModelVersion: '1',
      ContentType: 'image/png',
      Body: data.train[0]!.bytes,
    }),
  );
  assert.equal(typeof result.DetectAnomalyResult!.IsAnomalous, 'boolean');
  engine.kill('SIGTERM');
  assert.equal(await engine.exited, 0);
  c.lv.destroy();
  c.s3.destroy();
  removeDataDir(dir);
});
