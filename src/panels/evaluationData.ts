// A model's evaluation as the metrics panel shows it: DescribeModel's summary, the evaluation result file (ROC AUC,
// average precision, per-label figures, how the threshold was chosen), the per-image evaluation manifest from the
// model's output location, and the project's other versions to compare with. No editor API: the benchmark loads
// it as the panel does. For a segmentation model each image also names its true labels, its predicted mask (an
// object the engine writes beside the manifest) and its true mask, found by joining the manifest's source-refs with
// the entries of the dataset the test images came from.
import {
  DescribeModelCommand,
  DescribeProjectCommand,
  paginateListModels,
} from '@aws-sdk/client-lookoutvision';
import type { ServiceClients } from '../client/clients';
import { EntryReader, datasetLinePages } from '../client/datasetEntries';
import { getObject } from '../client/objectStore';
import type { ModelRef } from '../explorer/refs';

/** One line of the evaluation manifest: a test image's ground truth and the model's verdict on it. */
export interface EvaluatedImage {
  source: string;
  expected?: string;
  predicted?: string;
  /** Confidence in the predicted class. */
  confidence?: number;
  /** Segmentation: the anomaly labels the model found, and those of the image's true mask. */
  labels?: string[];
  trueLabels?: string[];
  /** Segmentation: S3 URIs of the predicted mask and of the true mask (from the test dataset's entry). */
  predictedMask?: string;
  trueMask?: string;
  /** The manifest line as written, shown with the full-size image. */
  line: string;
}

export interface MetricsData {
  projectName: string;
  modelVersion: string;
  status?: string;
  performance?: { F1Score?: number; Precision?: number; Recall?: number };
  evaluationResult?: unknown;
  /** ISO times: training started (the model's creation) and the evaluation ended. */
  createdAt?: string;
  evaluatedAt?: string;
  images: EvaluatedImage[];
  /** The project's other trained versions, to compare with. */
  otherVersions: string[];
}

/** A model that is still training, or failed to, has no evaluation. */
const evaluated = (status: string | undefined) => status !== 'TRAINING' && status !== 'TRAINING_FAILED';

export async function loadMetrics(clients: ServiceClients, model: ModelRef): Promise<MetricsData> {
  const ref = { ProjectName: model.projectName, ModelVersion: model.modelVersion };
  const [out, otherVersions] = await Promise.all([
    clients.lookout.send(new DescribeModelCommand(ref)),
    projectVersions(clients, model),
  ]);
  const description = out.ModelDescription ?? {};
  const data: MetricsData = {
    projectName: model.projectName,
    modelVersion: model.modelVersion,
    status: description.Status,
    performance: description.Performance,
    createdAt: description.CreationTimestamp?.toISOString(),
    evaluatedAt: description.EvaluationEndTimestamp?.toISOString(),
    images: [],
    otherVersions,
  };
  const result = description.EvaluationResult;
  const manifest = description.EvaluationManifest;
  const [resultBytes, manifestBytes] = await Promise.all([
    result?.Bucket && result.Key ? getObject(clients.s3, result.Bucket, result.Key) : undefined,
    manifest?.Bucket && manifest.Key ? getObject(clients.s3, manifest.Bucket, manifest.Key) : undefined,
  ]);
  if (resultBytes) data.evaluationResult = JSON.parse(new TextDecoder().decode(resultBytes));
  for (const line of manifestBytes ? new TextDecoder().decode(manifestBytes).split('\n') : []) {
    if (line.trim()) data.images.push(evaluatedImage(line));
  }
  if (data.images.some((i) => i.predictedMask)) await joinTrueMasks(clients, model, data.images);
  return data;
}

/**
 * Sets each image's true mask from its entry in the dataset the test images came from: the test dataset, or the
 * training dataset that a single-dataset project splits.
 */
async function joinTrueMasks(clients: ServiceClients, model: ModelRef, images: EvaluatedImage[]) {
  const project = await clients.lookout.send(new DescribeProjectCommand({ ProjectName: model.projectName }));
  const types = (project.ProjectDescription?.Datasets ?? []).map((d) => d.DatasetType);
  const datasetType = types.includes('test') ? 'test' : 'train';
  const byRef = new Map(images.map((i) => [i.source, i]));
  const reader = new EntryReader();
  for await (const page of datasetLinePages(clients.lookout, {
    projectName: model.projectName,
    datasetType,
  })) {
    for (const line of page) {
      const entry = reader.read(line);
      const image = entry?.maskRef && byRef.get(entry.ref);
      if (image) image.trueMask = entry.maskRef;
    }
  }
}

// An evaluation manifest is read as data, not trusted: a field of the wrong type is left out rather than breaking
// the page that shows it.
const textOf = (value: unknown) => (typeof value === 'string' ? value : undefined);
const textsOf = (value: unknown) =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
const objectOf = (value: unknown) =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

export function evaluatedImage(line: string): EvaluatedImage {
  const entry = objectOf(JSON.parse(line));
  const label = objectOf(entry['anomaly-label-metadata']);
  const detected = objectOf(entry['anomaly-label-detected-metadata']);
  const confidence = detected.confidence;
  return {
    source: String(entry['source-ref']),
    expected: textOf(label['class-name']),
    predicted: textOf(detected['class-name']),
    confidence: typeof confidence === 'number' && Number.isFinite(confidence) ? confidence : undefined,
    labels: textsOf(detected['anomaly-labels-detected']),
    trueLabels: textsOf(label['anomaly-labels']),
    predictedMask: textOf(entry['anomaly-mask-ref-detected']),
    line,
  };
}

async function projectVersions(clients: ServiceClients, model: ModelRef): Promise<string[]> {
  const versions: string[] = [];
  for await (const page of paginateListModels(
    { client: clients.lookout },
    { ProjectName: model.projectName },
  )) {
    for (const m of page.Models ?? [])
      if (m.ModelVersion && m.ModelVersion !== model.modelVersion && evaluated(m.Status))
        versions.push(m.ModelVersion);
  }
  return versions.sort((a, b) => Number(a) - Number(b));
}
