// Trains a model through the SDK against a real engine, packages it, downloads the component through S3 and
// unpacks it into a temporary folder outside the repository, as Greengrass would ({artifacts:decompressedPath}).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateModelCommand,
  CreateProjectCommand,
  DescribeModelCommand,
  DetectAnomaliesCommand,
  type DetectAnomalyResult,
  DescribeModelPackagingJobCommand,
  StartModelCommand,
  StartModelPackagingJobCommand,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { ARCHIVE_NAME, RECIPE_JSON, RECIPE_YAML } from '../../src/engine/packaging/layout';
import { unpackComponent } from '../../src/engine/packaging/unpack';
import { startTestEngine, type TestEngine } from './engine-harness';
import { generateDataset, type SynthImage } from './synth/generate';
import { proceduralTexture } from './synth/texture';
import { createDatasetFromImages } from './upload-dataset';
import { waitFor } from './wait';

const BUCKET = 'edge-bucket';

export interface PackagedComponent {
  t: TestEngine;
  project: string;
  componentName: string;
  /** Where the archive was unpacked: Greengrass's {artifacts:decompressedPath}. */
  decompressedPath: string;
  recipeJson: string;
  recipeYaml: string;
  /** Test images (10, as PNG) to compare answers on. */
  images: SynthImage[];
  close(): Promise<void>;
}

/** The engine's own DetectAnomalies answer for an image, through the SDK: what the packaged model must match. */
export async function engineDetection(pkg: PackagedComponent, bytes: Buffer): Promise<DetectAnomalyResult> {
  const answer = await pkg.t.lv.send(
    new DetectAnomaliesCommand({
      ProjectName: pkg.project,
      ModelVersion: '1',
      ContentType: 'image/png',
      Body: bytes,
    }),
  );
  return answer.DetectAnomalyResult!;
}

/**
 * Trains a model on a weave texture and packages it. `part`: the images show one window of it in a fixed pose moved by
 * a few pixels (an aligned part, which the model registers) instead of crops from anywhere.
 */
export async function trainAndPackage(
  kind: 'classification' | 'segmentation',
  size = 96,
  part = false,
): Promise<PackagedComponent> {
  const t = await startTestEngine();
  try {
    return await packaged(t, kind, size, part);
  } catch (err) {
    await t.stop();
    rmSync(t.dataDir, { recursive: true, force: true });
    throw err;
  }
}

async function packaged(
  t: TestEngine,
  kind: 'classification' | 'segmentation',
  size: number,
  part: boolean,
): Promise<PackagedComponent> {
  const project = `edge-${kind}`;
  const componentName = `${project}-component`;
  await t.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const data = await generateDataset({
    source: proceduralTexture('weave', 384, 384, 11),
    size,
    ...(part
      ? { split: 'aligned', cropSide: 160, window: { x: 100, y: 120, jitter: 4 } }
      : { split: 'easy' }),
    counts: { trainNormal: 12, trainAnomalous: 20, testNormal: 10, testAnomalous: 20 },
    defects: ['scratch', 'spot'],
    masks: kind === 'segmentation',
    seed: 7,
  });
  await t.lv.send(new CreateProjectCommand({ ProjectName: project }));
  await createDatasetFromImages(t, BUCKET, project, 'train', data.train);
  await createDatasetFromImages(t, BUCKET, project, 'test', data.test);
  await t.lv.send(
    new CreateModelCommand({
      ProjectName: project,
      OutputConfig: { S3Location: { Bucket: BUCKET, Prefix: `${project}-output/` } },
    }),
  );
  const model = async () =>
    (await t.lv.send(new DescribeModelCommand({ ProjectName: project, ModelVersion: '1' })))
      .ModelDescription!;
  const trained = await waitFor('training', model, (m) => m.Status !== 'TRAINING', 600);
  if (trained.Status !== 'TRAINED')
    throw new Error(`training ended ${trained.Status}: ${trained.StatusMessage}`);
  await t.lv.send(
    new StartModelPackagingJobCommand({
      ProjectName: project,
      ModelVersion: '1',
      JobName: 'edge',
      Configuration: {
        Greengrass: {
          ComponentName: componentName,
          ComponentVersion: '1.0.0',
          TargetPlatform: { Os: 'LINUX', Arch: 'X86_64' },
          S3OutputLocation: { Bucket: BUCKET, Prefix: 'components' },
        },
      },
    }),
  );
  const job = await waitFor(
    'packaging',
    async () =>
      (await t.lv.send(new DescribeModelPackagingJobCommand({ ProjectName: project, JobName: 'edge' })))
        .ModelPackagingDescription!,
    (j) => j.Status === 'SUCCEEDED' || j.Status === 'FAILED',
  );
  if (job.Status !== 'SUCCEEDED') throw new Error(`packaging failed: ${job.StatusMessage}`);
  // The engine hosts the same model, to compare the agent's answers with.
  await t.lv.send(new StartModelCommand({ ProjectName: project, ModelVersion: '1', MinInferenceUnits: 1 }));
  await waitFor('hosting', model, (m) => m.Status === 'HOSTED' || m.Status === 'HOSTING_FAILED');

  const object = async (name: string) =>
    (
      await t.s3.send(
        new GetObjectCommand({ Bucket: BUCKET, Key: `components/${componentName}/1.0.0/${name}` }),
      )
    ).Body!.transformToByteArray();
  const decompressedPath = mkdtempSync(join(tmpdir(), 'lv-component-'));
  await unpackComponent(await object(ARCHIVE_NAME), decompressedPath);
  const text = async (name: string) => new TextDecoder().decode(await object(name));
  return {
    t,
    project,
    componentName,
    decompressedPath,
    recipeJson: await text(RECIPE_JSON),
    recipeYaml: await text(RECIPE_YAML),
    // Five normal and five anomalous images.
    images: [
      ...data.test.filter((i) => !i.anomalous).slice(0, 5),
      ...data.test.filter((i) => i.anomalous).slice(0, 5),
    ],
    close: async () => {
      await t.stop();
      rmSync(t.dataDir, { recursive: true, force: true });
      rmSync(decompressedPath, { recursive: true, force: true });
    },
  };
}
