import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainModel } from '../../src/engine/ml';
import { analyzeImage } from '../../src/engine/ml/detect';
import { paintMask, upsampleMap } from '../../src/engine/ml/inference';
import { auroc, bestF1Threshold, prf } from '../../src/engine/ml/metrics';
import { loadModel, type TrainedModel } from '../../src/engine/ml/model';
import { NO_OFFSET, inImageFrame } from '../../src/engine/ml/register';
import { DEFECT_KINDS } from '../../test/support/synth/defects';
import type { SynthDataset, SynthImage } from '../../test/support/synth/generate';
import { PERTURBATIONS } from '../../test/support/synth/render';
import { SIZE } from './dataset';
import { modelSeed } from './selection';
import type { Column, Row } from './table';

/** Every PIXEL_STRIDE-th pixel of each row and column enters the pixel AUROC (the full count only costs time). */
const PIXEL_STRIDE = 2;

const DRIFTS = PERTURBATIONS.map((p) => `fpr ${p.name}`);

export const QUALITY_COLUMNS: Column[] = [
  { key: 'imgAUROC', width: 8, digits: 3 },
  { key: 'pixAUROC', width: 8, digits: 3 },
  { key: 'F1', width: 5, digits: 3 },
  { key: 'F1 best', title: 'F1@best', width: 7, digits: 3 },
  { key: 'maskF1', width: 6, digits: 3 },
  { key: 'IoU', width: 5, digits: 3 },
  { key: 'label', width: 5, digits: 2 },
  ...DEFECT_KINDS.map((k) => ({ key: `recall ${k}`, title: k.slice(0, 7), width: 7, digits: 2 })),
  { key: 'train s', width: 7, digits: 1 },
];

export const DRIFT_COLUMNS: Column[] = [
  { key: 'fpr', title: 'normal', width: 6, digits: 2 },
  ...DRIFTS.map((key) => ({ key, title: key.slice(4), width: 6, digits: 2 })),
  { key: 'fpr drift', title: 'drifts', width: 6, digits: 2 },
];

/** The figures compared with a baseline, side by side. */
export const SUMMARY_COLUMNS: Column[] = [
  { key: 'imgAUROC', width: 5, digits: 3 },
  { key: 'pixAUROC', width: 5, digits: 3 },
  { key: 'F1', width: 5, digits: 3 },
  { key: 'F1 best', title: 'F1@best', width: 5, digits: 3 },
  { key: 'maskF1', width: 5, digits: 3 },
  { key: 'IoU', width: 5, digits: 3 },
  { key: 'fpr', title: 'FPR', width: 5, digits: 2 },
  { key: 'fpr drift', title: 'FPR drifts', width: 5, digits: 2 },
];

const confusionKey = (kind: string, label: string) => `${kind} as ${label}`;

/**
 * Segmentation: per defect kind (a row), the share of its painted defects whose most painted label is each kind (a
 * column), over the surfaces of `rows`: which labels the right-label figure loses to which.
 */
export function labelConfusions(rows: Row[]): { columns: Column[]; rows: Row[] } {
  const columns = DEFECT_KINDS.map((k) => ({ key: k, title: k.slice(0, 7), width: 7, digits: 2 }));
  const confusions = DEFECT_KINDS.map((kind) => {
    const counts = DEFECT_KINDS.map((label) =>
      rows.reduce((n, r) => n + (r.values[confusionKey(kind, label)] ?? 0), 0),
    );
    const total = counts.reduce((a, b) => a + b, 0);
    return {
      name: kind,
      values: Object.fromEntries(DEFECT_KINDS.map((label, i) => [label, counts[i] / total])),
    };
  });
  return { columns, rows: confusions };
}

/** Share of the images the model calls anomalous. */
async function flagged(model: TrainedModel, images: SynthImage[]): Promise<number> {
  let n = 0;
  for (const image of images) if ((await analyzeImage(model, image.bytes)).isAnomalous) n++;
  return n / images.length;
}

/** Figures of a model on the test images (the service's own analysis path, in this thread). */
async function measure(model: TrainedModel, data: SynthDataset): Promise<Record<string, number>> {
  const scores: number[] = [];
  const counts = { tp: 0, fp: 0, fn: 0 };
  const pixelScores: number[] = [];
  const pixelTruth: number[] = [];
  const mask = { tp: 0, fp: 0, fn: 0 };
  const ious: number[] = [];
  /** Per painted defect, its kind and the label painted most: `${kind} as ${label}` counts. */
  const confusions: Record<string, number> = {};
  const found = new Map<string, number>();
  const segmentation = model.modelType === 'segmentation';
  for (const image of data.test) {
    const inference = await analyzeImage(model, image.bytes);
    scores.push(inference.score);
    if (inference.isAnomalous && image.anomalous) counts.tp++;
    else if (inference.isAnomalous) counts.fp++;
    else if (image.anomalous) counts.fn++;
    if (image.defect && inference.isAnomalous) found.set(image.defect, (found.get(image.defect) ?? 0) + 1);
    const { gw, gh } = inference.analysis;
    // In the image's own frame (a registered part's map is in the model's pose).
    const up = inImageFrame(
      upsampleMap(inference.pixelMap, gw, gh, SIZE, SIZE),
      SIZE,
      SIZE,
      inference.analysis.offset ?? NO_OFFSET,
    );
    for (let y = 0; y < SIZE; y += PIXEL_STRIDE) {
      for (let x = 0; x < SIZE; x += PIXEL_STRIDE) {
        pixelScores.push(up[y * SIZE + x]);
        pixelTruth.push(image.truth[y * SIZE + x]);
      }
    }
    if (!segmentation) continue;
    const painted = paintMask(model, inference);
    const perLabel = new Float64Array(model.labels.length + 1);
    for (const l of painted) perLabel[l]++;
    perLabel[0] = 0;
    if (image.defect && perLabel.some((n) => n > 0)) {
      const label = model.labels[perLabel.indexOf(Math.max(...perLabel)) - 1].name;
      const key = confusionKey(image.defect, label);
      confusions[key] = (confusions[key] ?? 0) + 1;
    }
    const own = { tp: 0, fp: 0, fn: 0 };
    for (let p = 0; p < painted.length; p++) {
      if (painted[p] > 0 && image.truth[p]) own.tp++;
      else if (painted[p] > 0) own.fp++;
      else if (image.truth[p]) own.fn++;
    }
    mask.tp += own.tp;
    mask.fp += own.fp;
    mask.fn += own.fn;
    if (image.anomalous) ious.push(own.tp / Math.max(1, own.tp + own.fp + own.fn));
  }
  const paintedDefects = Object.values(confusions).reduce((a, b) => a + b, 0);
  const rightLabels = DEFECT_KINDS.reduce((n, kind) => n + (confusions[confusionKey(kind, kind)] ?? 0), 0);
  const truth = data.test.map((i) => i.anomalous);
  const values: Record<string, number> = {
    imgAUROC: auroc(scores, truth),
    pixAUROC: auroc(pixelScores, pixelTruth),
    F1: prf(counts).f1,
    // F1 at the test set's own best threshold: what the ranking allows. Below it, F1 is lost to where the model drew
    // its threshold (from training images only).
    'F1 best': bestF1Threshold(scores, truth).f1,
    maskF1: segmentation ? prf(mask).f1 : NaN,
    IoU: segmentation ? ious.reduce((a, b) => a + b, 0) / ious.length : NaN,
    label: segmentation && paintedDefects ? rightLabels / paintedDefects : NaN,
    ...confusions,
  };
  for (const kind of DEFECT_KINDS) {
    const total = data.test.filter((i) => i.defect === kind).length;
    values[`recall ${kind}`] = total ? (found.get(kind) ?? 0) / total : NaN;
  }
  values.fpr = counts.fp / data.test.filter((i) => !i.anomalous).length;
  let drift = 0;
  for (const [k, { images }] of data.perturbed.entries()) {
    values[DRIFTS[k]] = await flagged(model, images);
    drift += values[DRIFTS[k]] / data.perturbed.length;
  }
  values['fpr drift'] = drift;
  return values;
}

/** Trains on the dataset (in this thread) and measures the model. */
export async function trainAndMeasure(data: SynthDataset): Promise<Record<string, number>> {
  const modelDir = mkdtempSync(join(tmpdir(), 'ml-bench-'));
  try {
    const started = performance.now();
    await trainModel({ train: data.train, test: data.test, seed: modelSeed(), modelDir });
    const trainS = (performance.now() - started) / 1000;
    return { ...(await measure(await loadModel(modelDir), data)), 'train s': trainS };
  } finally {
    rmSync(modelDir, { recursive: true, force: true });
  }
}
