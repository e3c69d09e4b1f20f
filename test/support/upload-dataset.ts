// Puts generated images (and masks) into the engine's S3 API and writes the Ground Truth manifest lines for them,
// exactly as a user's tooling would for AWS, and creates datasets from such manifests.
import {
  CreateDatasetCommand,
  DescribeDatasetCommand,
  type LookoutVisionClient,
} from '@aws-sdk/client-lookoutvision';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { TrainingImage } from '../../src/engine/ml';
import { waitFor } from './wait';

export interface UploadedImage {
  key: string;
  line: string;
}

export function manifestLine(bucket: string, key: string, image: TrainingImage, maskKey?: string): string {
  const entry: Record<string, unknown> = {
    'source-ref': `s3://${bucket}/${key}`,
    'anomaly-label': image.anomalous ? 1 : 0,
    'anomaly-label-metadata': {
      confidence: 1,
      'job-name': 'labeling-job/generated',
      'class-name': image.anomalous ? 'anomaly' : 'normal',
      'human-annotated': 'yes',
      'creation-date': '2026-11-01T00:00:00.000',
      type: 'groundtruth/image-classification',
    },
  };
  if (image.mask && maskKey) {
    entry['anomaly-mask-ref'] = `s3://${bucket}/${maskKey}`;
    entry['anomaly-mask-ref-metadata'] = {
      'internal-color-map': {
        '0': { 'class-name': 'BACKGROUND', 'hex-color': '#ffffff', confidence: 0 },
        ...Object.fromEntries(
          image.mask.labels.map((l, i) => [
            String(i + 1),
            { 'class-name': l.name, 'hex-color': l.color, confidence: 0 },
          ]),
        ),
      },
      type: 'groundtruth/semantic-segmentation',
      'human-annotated': 'yes',
      'creation-date': '2026-11-01T00:00:00.000',
      'job-name': 'labeling-job/generated',
    };
  }
  return JSON.stringify(entry);
}

/** Uploads the images under `prefix` and returns the manifest text. */
export async function uploadImages(
  s3: S3Client,
  bucket: string,
  prefix: string,
  images: TrainingImage[],
): Promise<string> {
  const lines: string[] = [];
  for (let i = 0; i < images.length; i++) {
    const image = images[i]!;
    const key = `${prefix}${image.anomalous ? 'anomaly' : 'normal'}/${String(i).padStart(4, '0')}.png`;
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: image.bytes, ContentType: 'image/png' }),
    );
    let maskKey: string | undefined;
    if (image.mask) {
      maskKey = `${prefix}masks/${String(i).padStart(4, '0')}.png`;
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: maskKey,
          Body: image.mask.bytes,
          ContentType: 'image/png',
        }),
      );
    }
    lines.push(manifestLine(bucket, key, image, maskKey));
  }
  return lines.join('\n') + '\n';
}

/**
 * Uploads the images under `project/type/`, their manifest as `project/type.manifest`, creates the project's
 * `type` dataset from it and waits for the import: it fails unless the dataset ends CREATE_COMPLETE.
 */
export async function createDatasetFromImages(
  { lv, s3 }: { lv: LookoutVisionClient; s3: S3Client },
  bucket: string,
  project: string,
  type: string,
  images: TrainingImage[],
): Promise<void> {
  const key = `${project}/${type}.manifest`;
  const manifest = await uploadImages(s3, bucket, `${project}/${type}/`, images);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: manifest }));
  await lv.send(
    new CreateDatasetCommand({
      ProjectName: project,
      DatasetType: type,
      DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: bucket, Key: key } } },
    }),
  );
  const dataset = await waitFor(
    `${project} ${type} dataset`,
    async () =>
      (await lv.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: type })))
        .DatasetDescription!,
    (d) => !d.Status!.endsWith('IN_PROGRESS'),
  );
  if (dataset.Status !== 'CREATE_COMPLETE')
    throw new Error(`${project} ${type} dataset ended ${dataset.Status}: ${dataset.StatusMessage}`);
}
