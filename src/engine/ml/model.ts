import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LogisticModel } from './logistic';
import { NormalityModel } from './normality';
import { FeatureOptions } from './features';
import { MaskLabel } from './types';
import type { Supervision } from './analysis';

export const MODEL_FILE = 'model.json';
const FORMAT_VERSION = 1;

/**
 * What turns an image's features into its score: a normality model, a per-cell classifier, an image scorer with its
 * threshold. An ensemble's members (TrainedModel.members) are trained on the same images with other seeds.
 */
export interface EnsembleMember {
  normality: NormalityModel;
  /**
   * Per-cell anomaly classifier over [normalised scores…, whitened features…, deviations of the first whitened
   * features…] (analysis.ts, writePixelInputs; models saved before the deviations, and classification models, have none).
   */
  pixelClassifier?: LogisticModel;
  /** The median cell of its map on normal images (analysis.ts, Supervision); absent in older models. */
  supervisedNormalMedian?: number;
  /** How that map is smoothed (analysis.ts, Supervision); absent: 3×3. */
  supervisedSmoothing?: Supervision['smoothing'];
  /** Image decision: a candidate scorer over the image statistics, its threshold and confidence scale. */
  image: { candidate: string; classifier?: LogisticModel; threshold: number; scale: number };
}

/** Everything openDetector needs; written to `model.json` in the model directory. */
export interface TrainedModel extends EnsembleMember {
  modelType: 'classification' | 'segmentation';
  /** Size of the training images (detection requires it) and the size they are analysed at. */
  width: number;
  height: number;
  workWidth: number;
  workHeight: number;
  /** How features are extracted (absent: a model saved before the options, LEGACY_FEATURES). */
  features?: FeatureOptions;
  /**
   * The ensemble's other members (the model's own scorer is the first): the image score is their mean calibrated
   * score, (score − threshold) / scale, on the model's own scale (inference.ts). Absent in older models: one member.
   * Maps, regions and labels come from the model's own member.
   */
  members?: EnsembleMember[];
  /** Which map localises anomalies: 'ensemble' (mean of normalised scores) or 'supervised'. */
  pixelMap: 'ensemble' | 'supervised';
  /** Cells whose pixel-map value reaches this are painted (segmentation)... */
  pixelThreshold: number;
  /** ...in regions whose peak rise over the threshold is at least this share of the strongest region's. */
  regionPeakRatio: number;
  /**
   * Inside those regions, pixels whose upsampled map value reaches this are painted: the mask's boundary, learned
   * apart from the threshold that finds regions (models saved before it paint at pixelThreshold).
   */
  maskThreshold?: number;
  /**
   * Per label, the squared colour distance from the surroundings a painted pixel must reach to stay in the mask
   * (maskRefinement.ts; 0 keeps all). Absent in models saved before it: masks as painted.
   */
  maskRefinement?: number[];
  labels: MaskLabel[];
  /** Segmentation: one-vs-rest classifiers over regionFeatures, one per label (same order). */
  labelClassifiers: LogisticModel[];
}

type Encoded = { $f32: string } | { $f64: string };

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Float32Array)
    return { $f32: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value instanceof Float64Array)
    return { $f64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && ('$f32' in value || '$f64' in value)) {
    const enc = value as Encoded;
    const bytes = Buffer.from('$f32' in enc ? enc.$f32 : enc.$f64, 'base64');
    const copy = new ArrayBuffer(bytes.length);
    new Uint8Array(copy).set(bytes);
    return '$f32' in enc ? new Float32Array(copy) : new Float64Array(copy);
  }
  return value;
}

export async function saveModel(dir: string, model: TrainedModel): Promise<void> {
  // Owner-only, like everything in the engine's data directory.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, MODEL_FILE), JSON.stringify({ formatVersion: FORMAT_VERSION, model }, replacer), {
    mode: 0o600,
  });
}

export async function loadModel(dir: string): Promise<TrainedModel> {
  const parsed = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8'), reviver) as {
    formatVersion: number;
    model: TrainedModel;
  };
  if (parsed.formatVersion !== FORMAT_VERSION) {
    throw new Error(`Model format ${parsed.formatVersion} is not supported (expected ${FORMAT_VERSION}).`);
  }
  return parsed.model;
}
