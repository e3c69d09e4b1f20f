// Training, evaluation, hosting and DetectAnomalies end to end through the SDK, on small generated datasets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  CreateDatasetCommand,
  CreateModelCommand,
  CreateProjectCommand,
  DeleteModelCommand,
  DescribeModelCommand,
  DescribeModelPackagingJobCommand,
  DetectAnomaliesCommand,
  ListDatasetEntriesCommand,
  ListModelsCommand,
  ListModelPackagingJobsCommand,
  ListTagsForResourceCommand,
  StartModelCommand,
  StartModelPackagingJobCommand,
  StopModelCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateDatasetEntriesCommand,
  ConflictException,
  ValidationException,
  type GreengrassConfiguration,
  type ModelDescription,
} from '@aws-sdk/client-lookoutvision';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { ARCHIVE_NAME } from '../../src/engine/packaging/layout';
import { Database } from '../../src/engine/store/database';
import { generateDataset, type SynthDataset } from '../support/synth/generate';
import { proceduralTexture } from '../support/synth/texture';
import {
  startTestEngine,
  removeDataDir,
  pngImage,
  classificationLine,
  type TestEngine,
} from '../support/engine-harness';
import { createDatasetFromImages } from '../support/upload-dataset';
import { waitFor } from '../support/wait';

const BUCKET = 'models-bucket';
let t: TestEngine;
let classification: SynthDataset;
let segmentation: SynthDataset;

const detect = (project: string, version: string, body: Uint8Array, contentType = 'image/png') =>
  t.lv.send(
    new DetectAnomaliesCommand({
      ProjectName: project,
      ModelVersion: version,
      ContentType: contentType,
      Body: body,
    }),
  );

const describeModel =
  (project: string, version = 'latest') =>
  async () =>
    (await t.lv.send(new DescribeModelCommand({ ProjectName: project, ModelVersion: version })))
      .ModelDescription!;
const settled = (states: string[]) => (m: ModelDescription) => states.includes(m.Status!);

async function projectFromDataset(project: string, data: SynthDataset, separateTest: boolean): Promise<void> {
  await t.lv.send(new CreateProjectCommand({ ProjectName: project }));
  const sets: [string, typeof data.train][] = separateTest
    ? [
        ['train', data.train],
        ['test', data.test],
      ]
    : [['train', [...data.train, ...data.test]]];
  for (const [type, images] of sets) await createDatasetFromImages(t, BUCKET, project, type, images);
}

before(async () => {
  t = await startTestEngine();
  await t.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const source = proceduralTexture('weave', 384, 384, 11);
  classification = await generateDataset({
    source,
    size: 96,
    split: 'easy',
    counts: { trainNormal: 16, trainAnomalous: 8, testNormal: 10, testAnomalous: 10 },
    defects: ['scratch', 'stain', 'spot', 'cutpaste'],
    masks: false,
    seed: 5,
  });
  segmentation = await generateDataset({
    source,
    size: 96,
    split: 'easy',
    counts: { trainNormal: 12, trainAnomalous: 20, testNormal: 10, testAnomalous: 20 },
    defects: ['scratch', 'spot'],
    masks: true,
    seed: 6,
  });
});
after(async () => {
  await t.stop();
  removeDataDir(t.dataDir);
});

test('classification: train, evaluate, host, detect, tag, package, stop, delete', async () => {
  await projectFromDataset('cls', classification, false);
  const created = await t.lv.send(
    new CreateModelCommand({
      ProjectName: 'cls',
      Description: 'first',
      OutputConfig: { S3Location: { Bucket: BUCKET, Prefix: 'cls-output/' } },
      Tags: [{ Key: 'team', Value: 'qa' }],
    }),
  );
  assert.equal(created.$metadata.httpStatusCode, 202);
  assert.equal(created.ModelMetadata!.ModelVersion, '1');
  assert.equal(created.ModelMetadata!.Status, 'TRAINING');
  const trained = await waitFor('training', describeModel('cls'), settled(['TRAINED', 'TRAINING_FAILED']));
  assert.equal(trained.Status, 'TRAINED', trained.StatusMessage);
  assert.ok(trained.Performance!.F1Score! >= 0.7, `F1 ${trained.Performance!.F1Score}`);
  assert.ok(trained.EvaluationEndTimestamp instanceof Date);
  assert.deepEqual(trained.EvaluationResult, {
    Bucket: BUCKET,
    Key: 'cls-output/EvaluationResult-cls-1.json',
  });
  const result = JSON.parse(
    await (await t.s3.send(new GetObjectCommand(trained.EvaluationResult!))).Body!.transformToString(),
  ) as {
    EvaluationDetails: { Threshold: { Source: string; Description: string } };
    AggregatedEvaluationResults: { Metrics: { F1Score: number; ROCAUC: number } };
  };
  assert.equal(result.AggregatedEvaluationResults.Metrics.F1Score, trained.Performance!.F1Score);
  assert.equal(result.EvaluationDetails.Threshold.Source, 'training-cross-validation');
  assert.match(result.EvaluationDetails.Threshold.Description, /out-of-fold.*ensemble of 2 members/);
  assert.ok(result.AggregatedEvaluationResults.Metrics.ROCAUC > 0.8);
  const manifest = (
    await (await t.s3.send(new GetObjectCommand(trained.EvaluationManifest!))).Body!.transformToString()
  )
    .trim()
    .split('\n');
  assert.ok(manifest.length >= 6, 'one evaluation line per held-out image');
  assert.ok('anomaly-label-detected-metadata' in (JSON.parse(manifest[0]!) as object));

  const arn = trained.ModelArn!;
  assert.deepEqual((await t.lv.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [
    { Key: 'team', Value: 'qa' },
  ]);
  await t.lv.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'line', Value: '3' }] }));
  await t.lv.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team'] }));
  assert.deepEqual((await t.lv.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [
    { Key: 'line', Value: '3' },
  ]);

  const normal = classification.test.find((i) => !i.anomalous)!.bytes;
  await assert.rejects(detect('cls', '1', normal), (err: unknown) => {
    assert.ok(err instanceof ConflictException);
    assert.match(err.message, /is TRAINED, not HOSTED/);
    return true;
  });
  const started = await t.lv.send(
    new StartModelCommand({
      ProjectName: 'cls',
      ModelVersion: '1',
      MinInferenceUnits: 1,
      MaxInferenceUnits: 2,
    }),
  );
  assert.equal(started.Status, 'STARTING_HOSTING');
  await assert.rejects(
    t.lv.send(new DeleteModelCommand({ ProjectName: 'cls', ModelVersion: '1' })),
    ConflictException,
  );
  const hosted = await waitFor('hosting', describeModel('cls'), settled(['HOSTED', 'HOSTING_FAILED']));
  assert.equal(hosted.Status, 'HOSTED', hosted.StatusMessage);
  assert.equal(hosted.MinInferenceUnits, 1);

  const scores = [];
  for (const image of classification.test) {
    const r = (await detect('cls', 'latest', image.bytes)).DetectAnomalyResult!;
    assert.deepEqual(r.Source, { Type: 'direct' });
    assert.ok(r.Confidence! >= 0 && r.Confidence! <= 1);
    assert.equal(r.Anomalies, undefined, 'classification models return no Anomalies');
    scores.push({ truth: image.anomalous, predicted: r.IsAnomalous });
  }
  const correct = scores.filter((s) => s.truth === s.predicted).length;
  assert.ok(correct / scores.length >= 0.75, `${correct}/${scores.length} correct`);

  const jpeg = await sharp(normal).jpeg().toBuffer();
  await assert.rejects(detect('cls', '1', jpeg), /not a PNG image/);
  await assert.rejects(detect('cls', '1', normal, 'image/gif'), ValidationException);
  await assert.rejects(detect('cls', '1', await pngImage(1, 128)), (err: unknown) => {
    assert.ok(err instanceof ValidationException);
    return true;
  });
  await assert.rejects(
    detect('cls', '1', Buffer.concat([normal.subarray(0, 40), Buffer.alloc(50)])),
    ValidationException,
  );

  const startPackaging = (greengrass: GreengrassConfiguration, jobName?: string) =>
    t.lv.send(
      new StartModelPackagingJobCommand({
        ProjectName: 'cls',
        ModelVersion: '1',
        JobName: jobName,
        Configuration: { Greengrass: greengrass },
      }),
    );
  const job = await startPackaging(
    {
      TargetPlatform: { Os: 'LINUX', Arch: 'X86_64' },
      S3OutputLocation: { Bucket: BUCKET, Prefix: 'components/' },
      ComponentName: 'cls-component',
    },
    'pkg-1',
  );
  assert.equal(job.JobName, 'pkg-1');
  const finished = (jobName: string) =>
    waitFor(
      'packaging',
      async () =>
        (await t.lv.send(new DescribeModelPackagingJobCommand({ ProjectName: 'cls', JobName: jobName })))
          .ModelPackagingDescription!,
      (j) => j.Status === 'SUCCEEDED' || j.Status === 'FAILED',
    );
  const done = await finished('pkg-1');
  assert.equal(done.Status, 'SUCCEEDED', done.StatusMessage);
  assert.equal(done.ModelPackagingOutputDetails!.Greengrass!.ComponentVersion, '1.0.0');
  const recipe = JSON.parse(
    await (
      await t.s3.send(
        new GetObjectCommand({ Bucket: BUCKET, Key: 'components/cls-component/1.0.0/recipe.json' }),
      )
    ).Body!.transformToString(),
  ) as { Manifests: { Artifacts: unknown[] }[] };
  assert.ok(recipe.Manifests[0]!.Artifacts.length > 0);
  assert.equal(
    (await t.lv.send(new ListModelPackagingJobsCommand({ ProjectName: 'cls' }))).ModelPackagingJobs!.length,
    1,
  );
  await assert.rejects(
    startPackaging(
      {
        TargetPlatform: { Os: 'LINUX', Arch: 'X86_64' },
        S3OutputLocation: { Bucket: BUCKET },
        ComponentName: 'cls-component',
      },
      'pkg-2',
    ),
    /already exists/,
  );

  // S3 keys have at most 1,024 bytes: a prefix that would put the component's archive past that is refused up
  // front, and one byte less is written, readable and deletable.
  const componentPath = 'long-component/1.0.0/';
  const longestPrefix = `${'p'.repeat(1024 - componentPath.length - ARCHIVE_NAME.length - 1)}/`;
  const underPrefix = (prefix: string): GreengrassConfiguration => ({
    TargetPlatform: { Os: 'LINUX', Arch: 'X86_64' },
    S3OutputLocation: { Bucket: BUCKET, Prefix: prefix },
    ComponentName: 'long-component',
  });
  const keysUnder = async (prefix: string) =>
    (await t.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? [];
  await assert.rejects(startPackaging(underPrefix(`p${longestPrefix}`), 'pkg-too-long'), (err: unknown) => {
    assert.ok(err instanceof ValidationException);
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.match(
      err.message,
      /^Configuration\.Greengrass\.S3OutputLocation\.Prefix .*lookoutvision-component\.zip" \(1025 bytes\).* at most 1024 bytes/,
    );
    return true;
  });
  assert.deepEqual(await keysUnder('pp'), [], 'nothing written');
  await startPackaging(underPrefix(longestPrefix), 'pkg-longest');
  const longest = await finished('pkg-longest');
  assert.equal(longest.Status, 'SUCCEEDED', longest.StatusMessage);
  const written = await keysUnder('pp');
  assert.deepEqual(
    written.map((o) => o.Key),
    [ARCHIVE_NAME, 'recipe.json', 'recipe.yaml'].map((file) => longestPrefix + componentPath + file),
  );
  for (const { Key } of written) {
    const object = await t.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
    assert.ok((await object.Body!.transformToByteArray()).length > 0);
    await t.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key }));
  }
  assert.deepEqual(await keysUnder('pp'), [], 'all deleted');
  await assert.rejects(
    startPackaging({
      TargetDevice: 'jetson_xavier',
      TargetPlatform: { Os: 'LINUX', Arch: 'ARM64' },
      S3OutputLocation: { Bucket: BUCKET },
      ComponentName: 'x',
    }),
    /exactly one of TargetDevice and TargetPlatform/,
  );
  await assert.rejects(
    startPackaging({
      TargetPlatform: { Os: 'LINUX', Arch: 'ARM64', Accelerator: 'NVIDIA' },
      CompilerOptions: '{"gpu-code": "sm_72"}',
      S3OutputLocation: { Bucket: BUCKET },
      ComponentName: 'x',
    }),
    /needs CompilerOptions trt-ver, cuda-ver/,
  );

  assert.equal(
    (await t.lv.send(new StopModelCommand({ ProjectName: 'cls', ModelVersion: '1' }))).Status,
    'STOPPING_HOSTING',
  );
  assert.equal((await waitFor('stop', describeModel('cls'), settled(['TRAINED']))).Status, 'TRAINED');

  // A job queued with such a prefix before requests were checked (by an older engine) ends FAILED when start-up
  // resumes it, and writes nothing.
  await t.stop();
  const db = new Database(join(t.dataDir, 'engine.db'));
  db.run(
    `INSERT INTO packaging_jobs (project, name, model_version, configuration_json, method, status, created, updated)
     VALUES ('cls', 'pkg-queued', 1, ?, 'Greengrass', 'CREATED', 0, 0)`,
    JSON.stringify({ Greengrass: { ...underPrefix(`p${longestPrefix}`), ComponentVersion: '1.0.0' } }),
  );
  db.close();
  // Files of models the store no longer has (a kill between DeleteModel's rows and its files) go at start-up.
  const orphans = [join(t.dataDir, 'models', 'cls', '9'), join(t.dataDir, 'models', 'gone', '2.partial')];
  for (const dir of orphans) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.json'), '{}');
  }
  t = await startTestEngine(t.dataDir);
  for (const dir of orphans) assert.equal(existsSync(dir), false, `${dir} removed`);
  assert.equal(existsSync(join(t.dataDir, 'models', 'gone')), false);
  assert.equal(existsSync(join(t.dataDir, 'models', 'cls', '1')), true, "a model's own files are kept");
  const queued = await finished('pkg-queued');
  assert.equal(queued.Status, 'FAILED');
  assert.match(queued.StatusMessage!, /^Packaging failed: .*\(1025 bytes\).* at most 1024 bytes/);
  assert.deepEqual(await keysUnder('pp'), [], 'nothing written');
  await assert.rejects(
    t.lv.send(new StopModelCommand({ ProjectName: 'cls', ModelVersion: '1' })),
    ConflictException,
  );
  const deleted = await t.lv.send(new DeleteModelCommand({ ProjectName: 'cls', ModelVersion: '1' }));
  assert.equal(deleted.ModelArn, arn);
  assert.deepEqual((await t.lv.send(new ListModelsCommand({ ProjectName: 'cls' }))).Models, []);
  assert.equal(existsSync(join(t.dataDir, 'models', 'cls')), false, "the model's files went with it");
});

test('segmentation: masks train a segmentation model whose AnomalyMask has the input size and label colours', async () => {
  await projectFromDataset('seg', segmentation, true);
  await t.lv.send(
    new CreateModelCommand({
      ProjectName: 'seg',
      OutputConfig: { S3Location: { Bucket: BUCKET, Prefix: 'seg-output' } },
    }),
  );
  const trained = await waitFor(
    'training',
    describeModel('seg'),
    settled(['TRAINED', 'TRAINING_FAILED']),
    240,
  );
  assert.equal(trained.Status, 'TRAINED', trained.StatusMessage);
  assert.equal(trained.EvaluationResult!.Key, 'seg-output/EvaluationResult-seg-1.json');
  const result = JSON.parse(
    await (await t.s3.send(new GetObjectCommand(trained.EvaluationResult!))).Body!.transformToString(),
  ) as {
    AggregatedEvaluationResults: {
      Metrics: { PixelAnomalyClassMetrics: { ClassName: string; AIOU: number }[] };
    };
  };
  assert.deepEqual(
    result.AggregatedEvaluationResults.Metrics.PixelAnomalyClassMetrics.map((m) => m.ClassName).sort(),
    segmentation.labels.map((l) => l.name).sort(),
  );
  await checkEvaluationMasks(trained);
  await t.lv.send(new StartModelCommand({ ProjectName: 'seg', ModelVersion: '1', MinInferenceUnits: 1 }));
  await waitFor('hosting', describeModel('seg'), settled(['HOSTED']));
  const anomalous = segmentation.test.find((i) => i.anomalous)!;
  const r = (await detect('seg', '1', anomalous.bytes)).DetectAnomalyResult!;
  assert.equal(r.Anomalies![0]!.Name, 'background');
  assert.equal(r.Anomalies![0]!.PixelAnomaly!.Color!.toLowerCase(), '#ffffff');
  const allowed = new Set(['#ffffff', ...segmentation.labels.map((l) => l.color)]);
  for (const a of r.Anomalies!) {
    assert.ok(a.PixelAnomaly!.TotalPercentageArea! >= 0 && a.PixelAnomaly!.TotalPercentageArea! <= 1);
    assert.ok(allowed.has(a.PixelAnomaly!.Color!.toLowerCase()), a.PixelAnomaly!.Color);
  }
  const mask = await pixelColours(r.AnomalyMask!);
  assert.deepEqual([mask.width, mask.height], [96, 96]);
  for (const hex of mask.colours) assert.ok(allowed.has(hex), `mask pixel colour ${hex}`);

  // The hosted model comes back HOSTED after a restart.
  const dir = t.dataDir;
  await t.stop();
  t = await startTestEngine(dir);
  const back = await waitFor('re-hosting', describeModel('seg'), settled(['HOSTED', 'HOSTING_FAILED']));
  assert.equal(back.Status, 'HOSTED', back.StatusMessage);
  const again = (await detect('seg', '1', anomalous.bytes)).DetectAnomalyResult!;
  assert.equal(again.Confidence, r.Confidence, 'same model, same answer');
  await t.lv.send(new StopModelCommand({ ProjectName: 'seg', ModelVersion: '1' }));
});

test('DetectAnomalies in flight when StopModel runs either answers or gets ConflictException, never a server error', async () => {
  await projectFromDataset('race', classification, false);
  await t.lv.send(
    new CreateModelCommand({ ProjectName: 'race', OutputConfig: { S3Location: { Bucket: BUCKET } } }),
  );
  const trained = await waitFor('training', describeModel('race'), settled(['TRAINED', 'TRAINING_FAILED']));
  assert.equal(trained.Status, 'TRAINED', trained.StatusMessage);
  await t.lv.send(new StartModelCommand({ ProjectName: 'race', ModelVersion: '1', MinInferenceUnits: 1 }));
  await waitFor('hosting', describeModel('race'), settled(['HOSTED']));

  // One inference unit answers the images one by one: once the first is answered, the others wait in its queue.
  const image = classification.test[0]!.bytes;
  const detections = Array.from({ length: 40 }, () =>
    detect('race', '1', image).then(
      () => undefined,
      (err: unknown) => err,
    ),
  );
  await Promise.race(detections);
  await t.lv.send(new StopModelCommand({ ProjectName: 'race', ModelVersion: '1' }));
  for (const err of await Promise.all(detections)) {
    if (err === undefined) continue;
    assert.ok(err instanceof ConflictException, String(err));
    assert.equal(err.$metadata.httpStatusCode, 409);
    assert.equal(err.ResourceType, 'MODEL');
    assert.equal(err.ResourceId, 'race/1');
  }

  assert.equal((await waitFor('stop', describeModel('race'), settled(['TRAINED']))).Status, 'TRAINED');
  await assert.rejects(detect('race', '1', image), /is TRAINED, not HOSTED/);
});

test('the engine stopping just after StopModel closes the model’s inference units; it starts again with the model TRAINED', async () => {
  await projectFromDataset('halt', classification, false);
  await t.lv.send(
    new CreateModelCommand({ ProjectName: 'halt', OutputConfig: { S3Location: { Bucket: BUCKET } } }),
  );
  await waitFor('training', describeModel('halt'), settled(['TRAINED', 'TRAINING_FAILED']));
  const workerThreads = () => (process.report.getReport() as { workers: unknown[] }).workers.length;
  const before = workerThreads();
  await t.lv.send(new StartModelCommand({ ProjectName: 'halt', ModelVersion: '1', MinInferenceUnits: 2 }));
  await waitFor('hosting', describeModel('halt'), settled(['HOSTED']));
  assert.equal(workerThreads(), before + 2, 'one worker thread per inference unit');
  await t.lv.send(new StopModelCommand({ ProjectName: 'halt', ModelVersion: '1' }));
  const dir = t.dataDir;
  await t.stop();
  assert.equal(workerThreads(), before, 'no inference unit outlives the engine');
  t = await startTestEngine(dir);
  assert.equal((await waitFor('recovery', describeModel('halt'), settled(['TRAINED']))).Status, 'TRAINED');
});

/** The colours of a PNG's pixels, as '#rrggbb'. */
async function pixelColours(
  png: Uint8Array,
): Promise<{ width?: number; height?: number; colours: Set<string> }> {
  const image = sharp(png);
  const meta = await image.metadata();
  assert.equal(meta.format, 'png');
  const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const colours = new Set<string>();
  for (let i = 0; i < data.length; i += info.channels)
    colours.add(
      '#' + [data[i]!, data[i + 1]!, data[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join(''),
    );
  return { width: meta.width, height: meta.height, colours };
}

interface EvaluationLine {
  'source-ref': string;
  'anomaly-label-metadata': { 'anomaly-labels'?: string[] };
  'anomaly-label-detected-metadata': { 'anomaly-labels-detected'?: string[] };
  'anomaly-mask-ref-detected'?: string;
}

/**
 * Each line of a segmentation model's evaluation manifest names the test image's true labels and references its
 * predicted mask, an object in the output bucket at the image's size whose colours are those of the labels found.
 */
async function checkEvaluationMasks(trained: ModelDescription): Promise<void> {
  const manifest = await (
    await t.s3.send(new GetObjectCommand(trained.EvaluationManifest!))
  ).Body!.transformToString();
  const lines = manifest
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as EvaluationLine);
  assert.equal(lines.length, segmentation.test.length);
  const colourOf = new Map(segmentation.labels.map((l) => [l.name, l.color]));
  for (const line of lines) {
    // The test dataset's keys end in the image's index (upload-dataset.ts).
    const image = segmentation.test[Number(/(\d+)\.png$/.exec(line['source-ref'])![1])]!;
    const truth = [...(line['anomaly-label-metadata']['anomaly-labels'] ?? ['(none)'])].sort();
    assert.deepEqual(
      truth,
      image.mask ? image.mask.labels.map((l) => l.name).sort() : [],
      line['source-ref'],
    );
    const ref = /^s3:\/\/([^/]+)\/(.+)$/.exec(line['anomaly-mask-ref-detected'] ?? '')!;
    assert.equal(ref[1], BUCKET);
    assert.match(ref[2]!, /^seg-output\/EvaluationMasks-seg-1\/\d+\.png$/);
    const body = await (await t.s3.send(new GetObjectCommand({ Bucket: ref[1], Key: ref[2] }))).Body!;
    const mask = await pixelColours(await body.transformToByteArray());
    assert.deepEqual([mask.width, mask.height], [96, 96]);
    const found = line['anomaly-label-detected-metadata']['anomaly-labels-detected'] ?? [];
    assert.deepEqual(
      [...mask.colours].filter((c) => c !== '#ffffff').sort(),
      found.map((name) => colourOf.get(name)).sort(),
      `mask colours of ${line['source-ref']}`,
    );
  }
  assert.ok(
    lines.some((l) => l['anomaly-label-detected-metadata']['anomaly-labels-detected']?.length),
    'some mask has a label painted',
  );
}

test('a model trains from its datasets as CreateModel accepted them, not as they are when its turn comes', async () => {
  await projectFromDataset('snap', classification, false);
  const create = () =>
    t.lv.send(
      new CreateModelCommand({ ProjectName: 'snap', OutputConfig: { S3Location: { Bucket: BUCKET } } }),
    );
  await create();
  await create();
  // Version 2 waits for version 1. Meanwhile every anomaly is relabelled normal and an empty test dataset appears:
  // either would fail a training that read the datasets now.
  const { DatasetEntries } = await t.lv.send(
    new ListDatasetEntriesCommand({ ProjectName: 'snap', DatasetType: 'train', MaxResults: 100 }),
  );
  const relabelled = DatasetEntries!.map((line) => {
    const entry = JSON.parse(line) as {
      'anomaly-label': number;
      'anomaly-label-metadata': { 'class-name': string };
    };
    entry['anomaly-label'] = 0;
    entry['anomaly-label-metadata']['class-name'] = 'normal';
    return JSON.stringify(entry);
  });
  await t.lv.send(
    new UpdateDatasetEntriesCommand({
      ProjectName: 'snap',
      DatasetType: 'train',
      Changes: Buffer.from(relabelled.join('\n')),
    }),
  );
  await t.lv.send(new CreateDatasetCommand({ ProjectName: 'snap', DatasetType: 'test' }));
  for (const version of ['1', '2']) {
    const trained = await waitFor(
      `training ${version}`,
      describeModel('snap', version),
      settled(['TRAINED', 'TRAINING_FAILED']),
    );
    assert.equal(trained.Status, 'TRAINED', trained.StatusMessage);
    assert.ok(trained.Performance!.Recall! > 0, 'it learnt from the anomalies it was created with');
  }
  const db = new Database(join(t.dataDir, 'engine.db'));
  assert.equal(
    db.get("SELECT count(*) AS n FROM model_entries WHERE project = 'snap'")!.n,
    0,
    'copies dropped',
  );
  db.close();
});

test('training refuses too few images up front, and ends TRAINING_FAILED on mixed sizes or a corrupt image', async () => {
  await t.lv.send(new CreateProjectCommand({ ProjectName: 'few' }));
  await t.lv.send(new CreateDatasetCommand({ ProjectName: 'few', DatasetType: 'train' }));
  const lines: string[] = [];
  for (let i = 0; i < 30; i++) {
    const key = `few/${i}.png`;
    const body =
      i === 3 ? await pngImage(i, 80) : i === 4 ? Buffer.from('not an image at all') : await pngImage(i);
    await t.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    lines.push(classificationLine(BUCKET, key, i < 20 ? 'normal' : 'anomaly'));
  }
  await t.lv.send(
    new UpdateDatasetEntriesCommand({
      ProjectName: 'few',
      DatasetType: 'train',
      Changes: Buffer.from(lines.slice(0, 25).join('\n')),
    }),
  );
  await assert.rejects(
    t.lv.send(
      new CreateModelCommand({ ProjectName: 'few', OutputConfig: { S3Location: { Bucket: BUCKET } } }),
    ),
    (err: unknown) => {
      assert.ok(err instanceof ValidationException);
      assert.match(err.message, /has 5 anomalous images, at least 10 are needed/);
      return true;
    },
  );
  await t.lv.send(
    new UpdateDatasetEntriesCommand({
      ProjectName: 'few',
      DatasetType: 'train',
      Changes: Buffer.from(lines.slice(25).join('\n')),
    }),
  );
  await assert.rejects(
    t.lv.send(
      new CreateModelCommand({
        ProjectName: 'few',
        OutputConfig: { S3Location: { Bucket: 'no-such-output' } },
      }),
    ),
    /output bucket no-such-output does not exist/,
  );
  // Evaluation masks are numbered up to the largest test set (16,000 images): the prefix must leave room for them.
  const masks = 'EvaluationMasks-few-1/15999.png';
  const longestPrefix = `${'e'.repeat(1024 - masks.length - 1)}/`;
  await assert.rejects(
    t.lv.send(
      new CreateModelCommand({
        ProjectName: 'few',
        OutputConfig: { S3Location: { Bucket: BUCKET, Prefix: `e${longestPrefix}` } },
      }),
    ),
    (err: unknown) => {
      assert.ok(err instanceof ValidationException);
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.match(
        err.message,
        /^OutputConfig\.S3Location\.Prefix .*15999\.png" \(1025 bytes\).* at most 1024 bytes/,
      );
      return true;
    },
  );
  const created = await t.lv.send(
    new CreateModelCommand({
      ProjectName: 'few',
      OutputConfig: { S3Location: { Bucket: BUCKET, Prefix: longestPrefix } },
    }),
  );
  assert.equal(created.ModelMetadata!.ModelVersion, '1', 'the refused request took no version');
  const failed = await waitFor('training', describeModel('few'), settled(['TRAINED', 'TRAINING_FAILED']));
  assert.equal(failed.Status, 'TRAINING_FAILED');
  assert.match(failed.StatusMessage!, /few\/(3|4)\.png/, failed.StatusMessage);
  await assert.rejects(
    t.lv.send(new StartModelCommand({ ProjectName: 'few', ModelVersion: '1', MinInferenceUnits: 1 })),
    ConflictException,
  );
  await assert.rejects(
    t.lv.send(
      new StartModelCommand({
        ProjectName: 'few',
        ModelVersion: '1',
        MinInferenceUnits: 3,
        MaxInferenceUnits: 2,
      }),
    ),
    ValidationException,
  );
});
