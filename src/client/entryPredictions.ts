// Verifying detections on a dataset's entries: a hosted model's verdict on an entry's image (class, confidence and,
// for segmentation, the predicted mask), what the gallery shows of it, and the label it becomes when accepted.
import { paginateListModels, type LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import sharp from 'sharp';
import { parseS3Uri } from '../manifest/core';
import type { ModelRef } from '../explorer/refs';
import type { ServiceClients } from './clients';
import type { MaskLabelColor } from './datasetEntries';
import type { Verdict } from './datasetLabeling';
import { detectAnomalies } from './detectAnomalies';
import { decodeMaskPng } from './maskPng';
import { dataUri, imageContentType } from './imageBytes';
import { getObject } from './objectStore';
import { THUMBNAIL_SIZE } from './thumbnails';

export interface Prediction {
  ref: string;
  cls: 'normal' | 'anomaly';
  confidence: number;
  /** The anomaly labels the predicted mask paints, each in its colour in the mask. */
  labels: MaskLabelColor[];
  width: number;
  height: number;
  /** The predicted mask PNG as the service returned it (segmentation models). */
  mask?: Uint8Array;
}

/** What the gallery page shows of a prediction. */
export interface PredictionView {
  ref: string;
  cls: 'normal' | 'anomaly';
  confidence: number;
  labels: MaskLabelColor[];
  /** The predicted mask at thumbnail size, transparent where there is no anomaly, as a data: URI. */
  overlay?: string;
}

/** The project's hosted models, the ones DetectAnomalies answers on. */
export async function hostedModels(lookout: LookoutVisionClient, projectName: string): Promise<ModelRef[]> {
  const models: ModelRef[] = [];
  for await (const page of paginateListModels({ client: lookout }, { ProjectName: projectName })) {
    for (const m of page.Models ?? [])
      if (m.Status === 'HOSTED' && m.ModelVersion)
        models.push({ projectName, modelVersion: m.ModelVersion, modelArn: m.ModelArn });
  }
  return models;
}

/** The model's verdict on the entry's image, read through the connection's S3. */
export async function predictEntry(
  clients: ServiceClients,
  model: ModelRef,
  ref: string,
  signal?: AbortSignal,
): Promise<Prediction> {
  const at = parseS3Uri(ref);
  if (typeof at === 'string') throw new Error(at);
  const bytes = await getObject(clients.s3, at.bucket, at.key);
  if (!bytes) throw new Error(`${ref} does not exist`);
  const { width, height } = await sharp(bytes).metadata();
  if (!width || !height) throw new Error(`${ref} is not an image sharp can read`);
  const result = await detectAnomalies(clients.lookout, model, bytes, imageContentType(bytes), signal);
  // The first anomaly is always the background (the service inserts it); it is no label of the mask.
  const labels = (result.Anomalies ?? [])
    .filter((a, i) => i > 0 && a.Name && a.PixelAnomaly?.Color && a.Name.toLowerCase() !== 'background')
    .map((a) => ({ name: a.Name!, color: a.PixelAnomaly!.Color!.toLowerCase() }));
  return {
    ref,
    cls: result.IsAnomalous ? 'anomaly' : 'normal',
    confidence: result.Confidence ?? 0,
    labels,
    width,
    height,
    ...(result.AnomalyMask && labels.length > 0 ? { mask: result.AnomalyMask } : {}),
  };
}

/** The predicted mask as label indices over `prediction.labels`, at the image's size. */
export function predictedIndices(prediction: Prediction): Promise<Uint8Array | undefined> {
  const { mask, width, height, labels } = prediction;
  return mask
    ? decodeMaskPng(
        mask,
        width,
        height,
        labels.map((l) => l.color),
      )
    : Promise.resolve(undefined);
}

/**
 * The predicted labels in the dataset's colours (a label the dataset has keeps its colour, so one name never has
 * two colours), with the predicted mask renumbered onto `datasetLabels` followed by the new labels.
 */
export async function predictedMask(
  prediction: Prediction,
  datasetLabels: readonly MaskLabelColor[],
): Promise<{ indices: Uint8Array; labels: MaskLabelColor[] } | undefined> {
  const own = await predictedIndices(prediction);
  if (!own) return undefined;
  const labels = [...datasetLabels];
  const renumber = prediction.labels.map((l) => {
    const at = labels.findIndex((d) => d.name === l.name);
    if (at >= 0) return at + 1;
    return labels.push(l);
  });
  return { indices: own.map((i) => (i === 0 ? 0 : renumber[i - 1]!)), labels };
}

/** Accepting a prediction: its class, and for an anomaly its mask (when the model paints one). */
export async function acceptedVerdict(
  prediction: Prediction,
  datasetLabels: readonly MaskLabelColor[],
): Promise<Verdict> {
  const { ref, cls, width, height } = prediction;
  const mask = cls === 'anomaly' ? await predictedMask(prediction, datasetLabels) : undefined;
  return { ref, cls, ...(mask ? { mask: { width, height, ...mask } } : {}) };
}

/**
 * What the page shows: the verdict, and the predicted mask scaled to the thumbnail (decoded at that size, so the
 * extension host spends time on thumbnail pixels only, whatever the image's size).
 */
export async function predictionView(prediction: Prediction): Promise<PredictionView> {
  const { ref, cls, confidence, labels, mask, width, height } = prediction;
  const view: PredictionView = { ref, cls, confidence, labels };
  if (!mask) return view;
  const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(width, height));
  const [w, h] = [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
  const indices = await decodeMaskPng(
    mask,
    w,
    h,
    labels.map((l) => l.color),
  );
  const colors = labels.map((l) => [1, 3, 5].map((i) => parseInt(l.color.slice(i, i + 2), 16)));
  const rgba = Buffer.alloc(w * h * 4);
  for (let p = 0; p < indices.length; p++) {
    const c = indices[p] ? colors[indices[p]! - 1] : undefined;
    if (c) rgba.set([c[0]!, c[1]!, c[2]!, 255], p * 4);
  }
  const png = await sharp(rgba, { raw: { width: w, height: h, channels: 4 } })
    .png()
    .toBuffer();
  return { ...view, overlay: dataUri(png, 'image/png') };
}
