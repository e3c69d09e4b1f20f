import {
  CellAnalysis,
  candidateScore,
  finishCells,
  imageStatistics,
  mapOf,
  pixelInputWidth,
  writePixelInputs,
  DEVIATION_INPUTS,
  rawCells,
  RawCells,
  statisticNames,
  Supervision,
  cellLogits,
  upperMedian,
  withLogits,
} from './analysis';
import { Dataset, DatasetImage, prepareDataset } from './dataset';
import { DatasetRuleError, ImageRuleError } from './errors';
import { ExposureDrift, drifted, saturation } from './augment';
import { FeatureMap, FeatureOptions, observe } from './features';
import { OPTION_IMAGES, chooseFeatureOptions } from './featureOptions';
import { GRID_STRIDE, RgbImage, contentBytes, decodeRgb, workingSize } from './image';
import { Inference, infer, maskPng, paintGrid, paintMask, upsampleMap } from './inference';
import { LogisticModel, fitLogistic, logit } from './logistic';
import { auroc, averagePrecision, prf, quantile, quantiles } from './metrics';
import { foldsOf, stratifiedFolds, withOriginals } from './folds';
import { crossFittedDecisions, decision } from './threshold';
import { cellTargets } from './cellTargets';
import { syntheticAnomaly } from './synthetic';
import { EnsembleMember, TrainedModel, saveModel } from './model';
import { findRegions, regionFeatures, selectRegions } from './regions';
import { REFINEMENT_LEVELS, colourDistances, refine } from './maskRefinement';
import { NormalityModel, fitNormality, setNorms } from './normality';
import { registeredImage } from './register';
import { Rng, createRng, shuffled } from './rng';
import { EvaluationRecord, LabelMetrics, TrainingInput, TrainingResult } from './types';

/** Folds for out-of-fold scores of training images (normality model, pixel classifier, image classifier). */
const FOLDS = 3;
const IMAGE_CLASSIFIER_FOLDS = 5;
/** Folds of the test set when its images must both choose the threshold and be judged by it. */
const TEST_THRESHOLD_FOLDS = 5;
/** A cell counts as anomalous when this share of its pixels is inside the ground-truth mask. */
const CELL_POSITIVE = 0.25;
const MAX_PIXEL_SAMPLES = 40000;
const PIXEL_LAMBDA = 1;
const IMAGE_LAMBDA = 1;
/**
 * Label classifiers learn from a few regions per label (a dozen training anomalies share five kinds), so the
 * penalty is light: at 2 they named the right label less often on both halves of the benchmark (bench/ml).
 */
const REGION_LAMBDA = 0.5;

interface Sample {
  image: DatasetImage;
  features: FeatureMap;
  /** Per cell: share of mask pixels, and the label most of them have (0 = none). Only for anomalies with a mask. */
  cellFraction?: Float32Array;
  cellLabel?: Uint8Array;
  /** Per pixel of the working size: 1 inside the mask. Only for anomalies with a mask. */
  workMask?: Uint8Array;
  /** A drifted copy of a normal training image: the index of that image among the samples featurized with it. */
  copyOf?: number;
  /** Training anomalies with a mask: the working-size image, on whose pixels the mask refinement is learnt. */
  rgb?: RgbImage;
  /** A synthetic anomaly (synthetic.ts) made from the normal image `copyOf`: teaches only the per-cell classifier. */
  synthetic?: true;
}

/**
 * The drifted copies of each normal training image (augment.ts), by the side their exposure drifts to: two cover
 * the drifts far better than one, and one brighter and one darker cover both ends of the exposure range.
 */
const COPY_EXPOSURES: readonly ExposureDrift[] = ['brighter', 'darker'];
const DRIFTED_COPIES = COPY_EXPOSURES.length;
/**
 * A classification model makes about as many synthetic anomalies (synthetic.ts) as it has real ones. When the
 * threshold is drawn they count too, all together half as much as the real anomalies: a dozen real defects say
 * little about the faint ones, and the threshold fitted to them alone sat far above what the test defects scored.
 */
const SYNTHETIC_WEIGHT = 0.5;

/** An image of the dataset at the working size; a rule it breaks is the dataset's error, naming the image. */
async function decodeWorking(d: Dataset, image: DatasetImage, role: string) {
  const work = workingSize(d.width, d.height);
  try {
    return await decodeRgb(await contentBytes(image.source), d, work.width, work.height);
  } catch (err) {
    if (err instanceof ImageRuleError)
      throw new DatasetRuleError(`${role} image ${image.source.ref}: ${err.message}`);
    throw err;
  }
}

/**
 * The feature options (featureOptions.ts), from the first normal training images; those images, decoded, are kept
 * for featurize.
 */
async function featureOptions(
  d: Dataset,
  role: string,
): Promise<{ options: FeatureOptions; decoded: Map<DatasetImage, RgbImage> }> {
  const normals = d.train.filter((i) => !i.source.anomalous).slice(0, OPTION_IMAGES);
  const decoded = new Map<DatasetImage, RgbImage>();
  for (const image of normals) decoded.set(image, await decodeWorking(d, image, role));
  return { options: chooseFeatureOptions([...decoded.values()]), decoded };
}

/** What featurize makes for one ensemble member from each normal training image. */
interface MemberDraws {
  /** Draws the drifted copies of its normal images. */
  drift: Rng;
  /** Makes a synthetic anomaly of a normal image with probability `share` (for the per-cell classifier). */
  synthetic?: { rng: Rng; share: number };
}

/** What featurize does for the training set only. */
interface TrainingSet {
  /** Images already decoded (taken from the map as they are used). */
  decoded: Map<DatasetImage, RgbImage>;
  /** Per ensemble member: its own drifted copies and synthetic anomalies, so that members differ in them too. */
  members: MemberDraws[];
}

/** A member's drifted copies and synthetic anomalies of the normal training images (copyOf: a training sample). */
interface MemberSamples {
  copies: Sample[];
  synthetic: Sample[];
}

/**
 * Features of each image. For the training set, also each member's drifted copies of its normal images, and the
 * pixels of its masked anomalies (the mask refinement is learnt on them).
 */
async function featurize(
  d: Dataset,
  images: DatasetImage[],
  role: string,
  options: FeatureOptions,
  onImage: () => void,
  training?: TrainingSet,
): Promise<{ samples: Sample[]; members: MemberSamples[] }> {
  const samples: Sample[] = [];
  const members: MemberSamples[] = (training?.members ?? []).map(() => ({ copies: [], synthetic: [] }));
  for (const image of images) {
    const rgb = training?.decoded.get(image) ?? (await decodeWorking(d, image, role));
    training?.decoded.delete(image);
    const seen = observe(rgb, options);
    const sample: Sample = { image, features: seen.features };
    if (image.mask)
      Object.assign(
        sample,
        cellTargets(image.mask, d, sample.features, d.labels.length, seen.features.offset),
      );
    if (image.mask && training) sample.rgb = seen.image;
    if (training && !image.source.anomalous) {
      const saturated = saturation(rgb);
      training.members.forEach((draws, m) => {
        for (const exposure of COPY_EXPOSURES)
          members[m].copies.push({
            image,
            features: observe(drifted(rgb, draws.drift, exposure, saturated), options).features,
            copyOf: samples.length,
          });
        if (draws.synthetic && draws.synthetic.rng() < draws.synthetic.share) {
          const made = syntheticAnomaly(rgb, draws.synthetic.rng);
          const features = observe(made.image, options).features;
          const { cellFraction } = cellTargets(made.mask, rgb, features, 1, features.offset);
          members[m].synthetic.push({
            image,
            features,
            cellFraction,
            copyOf: samples.length,
            synthetic: true,
          });
        }
      });
    }
    samples.push(sample);
    onImage();
  }
  return { samples, members };
}

/** Counts featurized images and notes each whole percent reached: the longest stage says how far it is. */
function featureProgress(total: number, progress: (message: string) => void): () => void {
  let done = 0;
  let noted = -1;
  return () => {
    const percent = Math.floor((100 * ++done) / total);
    if (percent === noted) return;
    noted = percent;
    progress(`extracting features ${percent} %`);
  };
}

/**
 * Normality model on all training normals and their drifted copies, with held-out (out-of-fold) raw scores for
 * each of them: a copy is held out with the image it was made from. `extras` (synthetic anomalies) are scored the
 * same way, held out with the normal image they were made from, but not fitted.
 */
function fitNormalityCrossed(
  normals: Sample[],
  copies: Sample[],
  rng: Rng,
  extras: Sample[] = [],
): { full: NormalityModel; heldOut: RawCells[]; extrasHeldOut: RawCells[] } {
  const fitted = normals.length + copies.length;
  const all = [...normals, ...copies, ...extras];
  const feats = all.map((s) => s.features.data);
  const dim = normals[0].features.dim;
  const fittedFeats = feats.slice(0, fitted);
  const full = fitNormality(fittedFeats, dim, rng);
  // Folds are drawn over the originals (the copies' places are filled in from them).
  const fold = withOriginals(
    [...foldsOf(normals.length, FOLDS, rng), ...copies.map(() => -1), ...extras.map(() => -1)],
    all.map((s) => s.copyOf),
  );
  const heldOut = new Array<RawCells>(all.length);
  for (let f = 0; f < FOLDS; f++) {
    const model = fitNormality(
      fittedFeats.filter((_, i) => fold[i] !== f),
      dim,
      rng,
    );
    all.forEach((s, i) => {
      if (fold[i] === f) heldOut[i] = rawCells(model, s.features);
    });
  }
  const extrasHeldOut = heldOut.splice(fitted);
  setNorms(
    full,
    heldOut.map((r) => r.raw),
    heldOut[0].gw,
    heldOut[0].gh,
  );
  return { full, heldOut, extrasHeldOut };
}

/**
 * Cells used to fit or judge the per-cell classifier: clear positives and negatives (ambiguous edges skipped).
 * `targets[i]` is sample i's share of defect per cell; an anomaly without one has no cell truth and is left out.
 */
function pixelSamples(
  samples: Sample[],
  targets: (Float32Array | undefined)[],
  analyses: CellAnalysis[],
  pick: number[],
  rng: Rng,
) {
  // Every analysis of a model has the same grid; a cell is numbered sample × cells + cell until it is kept.
  const cells = analyses[0].gw * analyses[0].gh;
  const positives: number[] = [];
  let negatives: number[] = [];
  for (const i of pick) {
    const target = targets[i];
    if (samples[i].image.source.anomalous && !target) continue;
    for (let c = 0; c < cells; c++) {
      const frac = target ? target[c] : 0;
      if (frac >= CELL_POSITIVE) positives.push(i * cells + c);
      else if (frac === 0) negatives.push(i * cells + c);
    }
  }
  const maxNeg = Math.max(1000, Math.min(MAX_PIXEL_SAMPLES - positives.length, positives.length * 6));
  if (negatives.length > maxNeg) negatives = shuffled(negatives, rng).slice(0, maxNeg);
  const row = (y: number) => (id: number) => ({ a: Math.floor(id / cells), c: id % cells, y });
  return [...positives.map(row(1)), ...negatives.map(row(0))];
}

/**
 * What teaches the per-cell classifier: each sample's share of defect per cell, its deviation inputs, and how its
 * map is smoothed.
 */
interface CellTeacher {
  /** Per sample, as pixelSamples reads them. */
  targets: (Float32Array | undefined)[];
  /** How many whitened features also enter as deviations (analysis.ts, writePixelInputs). */
  deviations: number;
  smoothing: Supervision['smoothing'];
}

function fitPixelClassifier(
  samples: Sample[],
  { targets, deviations }: CellTeacher,
  analyses: CellAnalysis[],
  pick: number[],
  rng: Rng,
): LogisticModel {
  const rows = pixelSamples(samples, targets, analyses, pick, rng);
  const dim = pixelInputWidth(analyses[rows[0].a], deviations);
  const x = new Float32Array(rows.length * dim);
  const y = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    writePixelInputs(analyses[r.a], r.c, deviations, x, i * dim);
    y[i] = r.y;
  });
  return fitLogistic(x, y, dim, PIXEL_LAMBDA);
}

/**
 * Out-of-fold supervised maps for the training images, and the classifier fitted on all of them with the median cell
 * of the normal images' out-of-fold maps.
 */
function crossFitPixelClassifier(
  samples: Sample[],
  teacher: CellTeacher,
  analyses: CellAnalysis[],
  rng: Rng,
): Supervision & { normalMedian: number } {
  const fold = withOriginals(
    foldsOf(samples.length, FOLDS, rng),
    samples.map((s) => s.copyOf),
  );
  const all = samples.map((_, i) => i);
  const models = Array.from({ length: FOLDS }, (_, f) =>
    fitPixelClassifier(
      samples,
      teacher,
      analyses,
      all.filter((i) => fold[i] !== f),
      rng,
    ),
  );
  const logits = all.map((i) => cellLogits(analyses[i], models[fold[i]]));
  const normalMedian = quantile(
    all
      .filter((i) => !samples[i].image.source.anomalous && !samples[i].synthetic)
      .map((i) => upperMedian(logits[i])),
    0.5,
  );
  const classifier = fitPixelClassifier(samples, teacher, analyses, all, rng);
  const reading = { normalMedian, smoothing: teacher.smoothing };
  for (const i of all) analyses[i] = withLogits(analyses[i], logits[i], reading);
  return { classifier, ...reading };
}

/** Cells an anomaly without a mask is taken to show its defect in: the strongest of its unsupervised map. */
const PSEUDO_MASK_CELLS = 16;
/** Training anomalies needed to learn from pseudo-masks (as for the image classifier: some in every fold). */
const MIN_PSEUDO_MASKED = 3;
/** Its other cells: between 0 and CELL_POSITIVE, so neither defect nor normal for the cell classifier. */
const PSEUDO_MASK_UNKNOWN = CELL_POSITIVE / 2;

/**
 * Cell targets for an anomaly labelled only as a whole image (a classification dataset): the PSEUDO_MASK_CELLS
 * strongest cells of its out-of-fold ensemble map. Its defect is somewhere in the image, and the unsupervised map
 * places defects far better than it ranks whole images (one defect against the most unusual spot of every normal
 * image), so a cell classifier taught by those cells learns what this surface's defects look like.
 */
function pseudoMask(analysis: CellAnalysis): Float32Array {
  const map = mapOf(analysis, 'ensemble');
  const strongest = Array.from(map.keys())
    .sort((a, b) => map[b] - map[a])
    .slice(0, PSEUDO_MASK_CELLS);
  const target = new Float32Array(map.length).fill(PSEUDO_MASK_UNKNOWN);
  for (const c of strongest) target[c] = 1;
  return target;
}

interface ImageScorer {
  candidate: string;
  classifier?: LogisticModel;
  /** Out-of-fold scores of the training images under this candidate. */
  scores: number[];
}

/** Separation of two score groups in pooled standard deviations: breaks ties between equal AUROCs. */
function separation(scores: number[], labels: boolean[]): number {
  const pos = scores.filter((_, i) => labels[i]);
  const neg = scores.filter((_, i) => !labels[i]);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const variance = (v: number[], m: number) =>
    v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1);
  const mp = mean(pos);
  const mn = mean(neg);
  return (mp - mn) / Math.sqrt(0.5 * (variance(pos, mp) + variance(neg, mn)) + 1e-12);
}

function fitImageClassifier(stats: Float32Array[], labels: boolean[], pick: number[]): LogisticModel {
  const p = stats[0].length;
  const x = new Float32Array(pick.length * p);
  pick.forEach((i, r) => x.set(stats[i], r * p));
  return fitLogistic(
    x,
    Uint8Array.from(pick, (i) => (labels[i] ? 1 : 0)),
    p,
    IMAGE_LAMBDA,
  );
}

/**
 * Several image scorers are candidates: each map's maximum and top-2 % mean, and a logistic classifier over all of
 * them (judged out-of-fold). The best by AUROC on the training images (out-of-fold), then by separation, is kept.
 */
function selectImageScorer(
  stats: Float32Array[],
  labels: boolean[],
  copyOf: (number | undefined)[],
  names: string[],
  rng: Rng,
): ImageScorer {
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  const byName = (name: string) => stats.map((s) => s[names.indexOf(name)]);
  if (positives === 0) return { candidate: 'top:ensemble', scores: byName('top:ensemble') };
  const candidates: ImageScorer[] = names.map((candidate) => ({ candidate, scores: byName(candidate) }));
  if (positives >= 3 && negatives >= 3) {
    const fold = withOriginals(stratifiedFolds(labels, IMAGE_CLASSIFIER_FOLDS, rng), copyOf);
    const k = Math.max(...fold) + 1;
    const scores = new Array<number>(labels.length);
    for (let f = 0; f < k; f++) {
      const model = fitImageClassifier(
        stats,
        labels,
        labels.map((_, i) => i).filter((i) => fold[i] !== f),
      );
      labels.forEach((_, i) => {
        if (fold[i] === f) scores[i] = logit(model, stats[i]);
      });
    }
    candidates.push({ candidate: 'classifier', scores });
  }
  let best = candidates[0];
  let bestKey = [-Infinity, -Infinity];
  for (const c of candidates) {
    const key = [auroc(c.scores, labels), separation(c.scores, labels)];
    if (key[0] > bestKey[0] || (key[0] === bestKey[0] && key[1] > bestKey[1])) {
      best = c;
      bestKey = key;
    }
  }
  if (best.candidate === 'classifier') {
    best = {
      ...best,
      classifier: fitImageClassifier(
        stats,
        labels,
        labels.map((_, i) => i),
      ),
    };
  }
  return best;
}

const PEAK_RATIOS = [0, 0.25, 0.5, 0.75];

/**
 * The pixel threshold and region peak ratio with the best mean F1 over training anomalies with masks
 * (out-of-fold maps), so that thin scratches weigh as much as large stains; ambiguous edge cells are left out.
 */
function regionRule(samples: Sample[], analyses: CellAnalysis[], map: 'ensemble' | 'supervised') {
  const images = samples
    .map((s, i) => ({ s, a: analyses[i], m: mapOf(analyses[i], map) }))
    .filter(({ s }) => s.cellFraction !== undefined);
  const positives = images.flatMap(({ s, m }) =>
    Array.from(m).filter((_, c) => s.cellFraction![c] >= CELL_POSITIVE),
  );
  const thresholds = quantiles(
    positives,
    Array.from({ length: 33 }, (_, k) => 0.02 + (0.96 * k) / 32),
  );
  let best = { pixelThreshold: thresholds[0], regionPeakRatio: 0, f1: -1 };
  const painted = new Uint8Array(images[0]?.m.length ?? 0);
  for (const threshold of thresholds) {
    for (const ratio of PEAK_RATIOS) {
      let sum = 0;
      for (const { s, a, m } of images) {
        painted.fill(0);
        for (const region of selectRegions(m, a.gw, a.gh, threshold, ratio))
          for (const c of region) painted[c] = 1;
        const counts = { tp: 0, fp: 0, fn: 0 };
        for (let c = 0; c < m.length; c++) {
          const f = s.cellFraction![c];
          if (f > 0 && f < CELL_POSITIVE) continue;
          if (painted[c] && f > 0) counts.tp++;
          else if (painted[c]) counts.fp++;
          else if (f > 0) counts.fn++;
        }
        sum += prf(counts).f1;
      }
      if (sum / images.length > best.f1)
        best = { pixelThreshold: threshold, regionPeakRatio: ratio, f1: sum / images.length };
    }
  }
  return best;
}

/** A training anomaly's mask against the regions its out-of-fold map selects: what mask boundaries are learnt on. */
interface RegionMask {
  sample: Sample;
  truth: Uint8Array;
  analysis: CellAnalysis;
  map: Float32Array;
  /** 1 on the cells of the selected regions. */
  grid: Uint8Array;
  width: number;
  height: number;
  /** The map upsampled to the working size. */
  up: Float32Array;
}

function regionMasks(
  samples: Sample[],
  analyses: CellAnalysis[],
  rule: { map: 'ensemble' | 'supervised'; pixelThreshold: number; regionPeakRatio: number },
): RegionMask[] {
  return samples.flatMap((sample, i) => {
    if (!sample.workMask) return [];
    const analysis = analyses[i];
    const { gw, gh } = analysis;
    const map = mapOf(analysis, rule.map);
    const grid = new Uint8Array(map.length);
    for (const region of selectRegions(map, gw, gh, rule.pixelThreshold, rule.regionPeakRatio))
      for (const c of region) grid[c] = 1;
    const width = gw * GRID_STRIDE;
    const height = gh * GRID_STRIDE;
    const up = upsampleMap(map, gw, gh, width, height);
    return [{ sample, truth: sample.workMask, analysis, map, grid, width, height, up }];
  });
}

/** Pixel F1 of a painted mask (any label) against a true one. */
function maskF1(painted: Uint8Array, truth: Uint8Array): number {
  const counts = { tp: 0, fp: 0, fn: 0 };
  for (let p = 0; p < painted.length; p++) {
    if (painted[p] && truth[p]) counts.tp++;
    else if (painted[p]) counts.fp++;
    else if (truth[p]) counts.fn++;
  }
  return prf(counts).f1;
}

const paintAt = ({ grid, map, analysis, up, width, height }: RegionMask, threshold: number) =>
  paintGrid(grid, map, analysis.gw, analysis.gh, up, width, height, threshold);

/**
 * The mask boundary: the level of the upsampled map at which pixels of the selected regions are painted, for the
 * best mean pixel F1 over training anomalies with masks (out-of-fold maps). The regions' own threshold is chosen on
 * cells and paints whole blocks around a thin defect; this one follows the defect inside them.
 */
function maskRule(images: RegionMask[], pixelThreshold: number): number {
  if (images.length === 0) return pixelThreshold;
  const inside = images.flatMap(({ truth, up }) => Array.from(up).filter((_, p) => truth[p] > 0));
  const candidates = [
    pixelThreshold,
    ...quantiles(
      inside,
      Array.from({ length: 25 }, (_, k) => 0.02 + (0.9 * k) / 24),
    ),
  ];
  let best = { threshold: pixelThreshold, f1: -1 };
  for (const threshold of candidates) {
    let sum = 0;
    for (const image of images) sum += maskF1(paintAt(image, threshold), image.truth);
    if (sum / images.length > best.f1) best = { threshold, f1: sum / images.length };
  }
  return best.threshold;
}

/**
 * Per label, the colour distance at which painted pixels stay in the mask (maskRefinement.ts): the level with the
 * best mean pixel F1 over the training anomalies showing that label (out-of-fold maps, the mask rule's boundary).
 * A label no training mask shows keeps its pixels (level 0).
 */
function refinementRule(images: RegionMask[], labels: number, maskThreshold: number): number[] {
  const sums = Array.from({ length: labels }, () => new Float64Array(REFINEMENT_LEVELS.length));
  for (const image of images) {
    const { sample, truth } = image;
    if (!sample.rgb) continue;
    const painted = paintAt(image, maskThreshold);
    const distances = colourDistances(painted, sample.rgb);
    REFINEMENT_LEVELS.forEach((level, k) => {
      const f1 = maskF1(refine(painted, distances, [level]), truth);
      for (const l of sample.image.labelsPresent) sums[l][k] += f1;
    });
  }
  return sums.map((row) => REFINEMENT_LEVELS[row.indexOf(Math.max(...row))]);
}

/**
 * One-vs-rest region classifiers (segmentation, two labels or more). They learn from the regions the model itself
 * finds in the training anomalies (out-of-fold maps), each labelled by the ground truth it covers, so they see
 * regions as detection will produce them, and from the ground-truth regions of every label: a label the maps find
 * seldom (thin cracks) would otherwise have too few examples to ever win over the others.
 */
function fitLabelClassifiers(
  d: Dataset,
  model: TrainedModel,
  samples: Sample[],
  analyses: CellAnalysis[],
): LogisticModel[] {
  const k = d.labels.length;
  if (k < 2) return [];
  const rows: Float32Array[] = [];
  const targets: number[] = [];
  samples.forEach((s, i) => {
    if (!s.cellLabel) return;
    const a = analyses[i];
    const map = mapOf(a, model.pixelMap);
    for (const region of selectRegions(map, a.gw, a.gh, model.pixelThreshold, model.regionPeakRatio)) {
      const votes = new Float64Array(k + 1);
      for (const c of region) votes[s.cellLabel[c]] += s.cellFraction![c];
      let best = 0;
      for (let l = 1; l <= k; l++) if (votes[l] > votes[best]) best = l;
      if (best === 0) continue;
      rows.push(regionFeatures(a, region, model.normality.posMean));
      targets.push(best - 1);
    }
  });
  for (let l = 0; l < k; l++) {
    samples.forEach((s, i) => {
      if (!s.cellLabel) return;
      const a = analyses[i];
      const allowed = Uint8Array.from(s.cellLabel, (v) => (v === l + 1 ? 1 : 0));
      for (const region of findRegions(s.cellFraction!, a.gw, a.gh, CELL_POSITIVE, allowed)) {
        rows.push(regionFeatures(a, region, model.normality.posMean));
        targets.push(l);
      }
    });
  }
  const p = rows[0].length;
  const x = new Float32Array(rows.length * p);
  rows.forEach((r, i) => x.set(r, i * p));
  return d.labels.map((_, l) =>
    fitLogistic(
      x,
      Uint8Array.from(targets, (t) => (t === l ? 1 : 0)),
      p,
      REGION_LAMBDA,
    ),
  );
}

async function evaluate(
  model: TrainedModel,
  d: Dataset,
  samples: Sample[],
  inferences: Inference[],
  role: string,
) {
  const records: EvaluationRecord[] = [];
  const counts = { tp: 0, fp: 0, fn: 0 };
  const perLabel = d.labels.map(() => ({ tp: 0, fp: 0, fn: 0, iou: [] as number[], imagesFound: 0 }));
  const { workWidth: ww, workHeight: wh } = model;
  // The working-size pixel each image pixel's mask is scaled from (nearest neighbour, as the mask PNG is).
  const fromX = Int32Array.from({ length: d.width }, (_, x) =>
    Math.min(ww - 1, Math.floor((x * ww) / d.width)),
  );
  const fromY = Int32Array.from({ length: d.height }, (_, y) =>
    Math.min(wh - 1, Math.floor((y * wh) / d.height)),
  );
  for (const [i, s] of samples.entries()) {
    const inf = inferences[i];
    const truth = s.image.source.anomalous;
    if (inf.isAnomalous && truth) counts.tp++;
    else if (inf.isAnomalous) counts.fp++;
    else if (truth) counts.fn++;
    const record: EvaluationRecord = {
      ref: s.image.source.ref,
      anomalous: truth,
      predictedAnomalous: inf.isAnomalous,
      confidence: inf.confidence,
    };
    if (model.modelType === 'segmentation') {
      // Only a flagged image is painted: only then are its pixels needed again, for the mask's boundary.
      const decoded = inf.isAnomalous ? await decodeWorking(d, s.image, role) : undefined;
      const offset = inf.analysis.offset;
      const image = decoded && offset ? registeredImage(decoded, offset) : decoded;
      const painted = paintMask(model, { ...inf, image });
      const found = new Set<number>();
      const tally = d.labels.map(() => ({ tp: 0, fp: 0, fn: 0 }));
      for (let y = 0; y < d.height; y++) {
        for (let x = 0; x < d.width; x++) {
          const q = painted[fromY[y] * ww + fromX[x]];
          const t = s.image.mask?.[y * d.width + x] ?? 0;
          if (q > 0 && q === t) tally[q - 1].tp++;
          else {
            if (q > 0) tally[q - 1].fp++;
            if (t > 0) tally[t - 1].fn++;
          }
        }
      }
      tally.forEach(({ tp, fp, fn }, li) => {
        const m = perLabel[li];
        m.tp += tp;
        m.fp += fp;
        m.fn += fn;
        if (tp + fp > 0) found.add(li);
        if (tp + fp + fn > 0) m.iou.push(tp / (tp + fp + fn));
      });
      for (const li of found) perLabel[li].imagesFound++;
      record.labelsFound = [...found].map((li) => d.labels[li].name);
      record.labelsTrue = s.image.labelsPresent.map((li) => d.labels[li].name);
      // The painted labels as the picture a person compares with the true mask.
      record.predictedMask = await maskPng(model, painted);
    }
    records.push(record);
  }
  const labels: LabelMetrics[] = d.labels.map((l, li) => {
    const m = perLabel[li];
    return {
      name: l.name,
      color: l.color,
      ...prf(m),
      meanIou: m.iou.length ? m.iou.reduce((a, b) => a + b, 0) / m.iou.length : 0,
      imagesFound: m.imagesFound,
    };
  });
  const scores = inferences.map((x) => x.score);
  const truth = samples.map((s) => s.image.source.anomalous);
  return {
    performance: prf(counts),
    rocAuc: auroc(scores, truth),
    averagePrecision: averagePrecision(scores, truth),
    records,
    labels,
  };
}

/**
 * Members of the ensemble (model.ts, members) when the training set has anomalies. On the benchmark, the same images
 * trained with another seed moved a surface's test AUROC by up to 0.09 (the folds, codebooks, drifted copies,
 * synthetic anomalies and the scorer each seed drew). Over three seeds, two members took the classification mean
 * AUROC from 0.975 to 0.977 and F1 from 0.916 to 0.926 on the evaluation half, with fewer drifted images flagged
 * (1.4 % → 1.0 %; development half 1.5 % → 0.6 %), and the three seeds' means from 0.970–0.981 to 0.977 each.
 * Without anomalies the image scorer is fixed and seeds differ little. Each member costs its share of training and
 * of the detect time (the features are shared).
 */
const ENSEMBLE_MEMBERS = 2;
/** Member k's seed is the training seed plus k steps of this: far apart, so no member's seeds (+0, +1, +2) meet. */
const MEMBER_SEED_STEP = 0x9e3779b9;

/** One member trained, and what the model's localisation is learnt from: the out-of-fold analyses it made. */
interface MemberFit {
  member: EnsembleMember;
  /** The training samples as the member saw them: normals, their drifted copies, then anomalies. */
  samples: Sample[];
  /** Out-of-fold analyses of `samples` (with the per-cell classifier's maps, if it has one). */
  analyses: CellAnalysis[];
  anomalies: Sample[];
}

/**
 * A member: the normality model, the per-cell classifier (from masks, or from pseudo-masks and synthetic anomalies),
 * the image scorer, and with training anomalies its threshold, each from out-of-fold scores of the training images.
 */
function fitMember(
  d: Dataset,
  train: Sample[],
  drawn: MemberSamples,
  rng: Rng,
  pseudoMasked: boolean,
  progress: (message: string) => void,
): MemberFit {
  progress('fitting the normality model');
  const normals = train.filter((s) => !s.image.source.anomalous);
  const anomalies = train.filter((s) => s.image.source.anomalous);
  // Copies index the training samples; renumber them among the normals.
  const normalIndex = new Map(normals.map((s, i) => [s, i]));
  const renumbered = (c: Sample) => ({ ...c, copyOf: normalIndex.get(train[c.copyOf!])! });
  const normalCopies = drawn.copies.map(renumbered);
  const madeUp = drawn.synthetic.map(renumbered);
  const { full, heldOut, extrasHeldOut } = fitNormalityCrossed(normals, normalCopies, rng, madeUp);
  // Out-of-fold analyses of the training images, normals (and their copies) first then anomalies.
  const samples = [...normals, ...normalCopies, ...anomalies];
  const analyses = [
    ...heldOut.map((r) => finishCells(full, r)),
    ...anomalies.map((s) => finishCells(full, rawCells(full, s.features))),
  ];
  const labelsOf = samples.map((s) => s.image.source.anomalous);

  let supervision: ReturnType<typeof crossFitPixelClassifier> | undefined;
  let madeUpAnalyses: CellAnalysis[] = [];
  if (d.modelType === 'segmentation' && samples.some((s) => s.cellFraction)) {
    progress('fitting the pixel classifier');
    supervision = crossFitPixelClassifier(
      samples,
      // Real masks draw a crack as the line it is, and the map smoothed along lines keeps it whole (analysis.ts).
      {
        targets: samples.map((s) => s.cellFraction),
        deviations: DEVIATION_INPUTS,
        smoothing: 'along-lines',
      },
      analyses,
      rng,
    );
  } else if (pseudoMasked) {
    // Whole-image labels only: the cell classifier learns from pseudo-masks, and from synthetic anomalies whose
    // masks are known. Its map is one more candidate for the image scorer, chosen only if it ranks the training
    // images better out-of-fold.
    progress('fitting the pixel classifier');
    const taught = [...samples, ...madeUp];
    analyses.push(...extrasHeldOut.map((r) => finishCells(full, r)));
    supervision = crossFitPixelClassifier(
      taught,
      {
        targets: taught.map((s, i) =>
          s.synthetic ? s.cellFraction : s.image.source.anomalous ? pseudoMask(analyses[i]) : undefined,
        ),
        deviations: 0,
        // A pseudo-mask is a blob of the strongest cells whatever the defect's shape: its map is smoothed 3×3.
        smoothing: undefined,
      },
      analyses,
      rng,
    );
    // The synthetic images' analyses (now with the classifier's out-of-fold maps), apart from the real ones'.
    madeUpAnalyses = analyses.splice(samples.length);
  }

  progress('choosing the scorer and threshold');
  const names = statisticNames(supervision !== undefined);
  const scorer = selectImageScorer(
    analyses.map(imageStatistics),
    labelsOf,
    samples.map((s) => s.copyOf),
    names,
    rng,
  );
  const member: EnsembleMember = {
    normality: full,
    pixelClassifier: supervision?.classifier,
    supervisedNormalMedian: supervision?.normalMedian,
    supervisedSmoothing: supervision?.smoothing,
    image: { candidate: scorer.candidate, classifier: scorer.classifier, threshold: 0, scale: 1 },
  };
  if (anomalies.length > 0) {
    // The drifted copies teach the model drift; they do not outvote the real normal images when the line is drawn:
    // an image's copies together weigh as much as the image. Synthetic anomalies count as SYNTHETIC_WEIGHT says.
    const weights = samples.map((s) => (s.copyOf === undefined ? 1 : 1 / DRIFTED_COPIES));
    const madeUpScores = madeUpAnalyses.map((a) =>
      candidateScore(scorer.candidate, imageStatistics(a), names, scorer.classifier),
    );
    Object.assign(
      member.image,
      decision(scorer.scores, labelsOf, weights, {
        scores: madeUpScores,
        weight: SYNTHETIC_WEIGHT * anomalies.length,
      }),
    );
  }
  return { member, samples, analyses, anomalies };
}

export async function trainModel(input: TrainingInput): Promise<TrainingResult> {
  const progress = input.onProgress ?? (() => undefined);
  progress('checking images');
  const d = await prepareDataset(input);
  const featurized = featureProgress(d.train.length + d.test.length, progress);
  progress('extracting features 0 %');
  const trainRole = input.test ? 'training' : 'dataset';
  const { options: features, decoded } = await featureOptions(d, trainRole);
  const anomalous = d.train.filter((i) => i.source.anomalous).length;
  // Whole-image labels only: the per-cell classifier learns from pseudo-masks and synthetic anomalies.
  const pseudoMasked = d.modelType === 'classification' && anomalous >= MIN_PSEUDO_MASKED;
  const seeds = Array.from(
    { length: anomalous > 0 ? ENSEMBLE_MEMBERS : 1 },
    (_, k) => (input.seed + k * MEMBER_SEED_STEP) >>> 0,
  );
  const { samples: train, members: drawn } = await featurize(d, d.train, trainRole, features, featurized, {
    decoded,
    members: seeds.map((seed) => ({
      drift: createRng(seed + 1),
      synthetic: pseudoMasked
        ? { rng: createRng(seed + 2), share: anomalous / (d.train.length - anomalous) }
        : undefined,
    })),
  });
  const { samples: test } = await featurize(d, d.test, input.test ? 'test' : 'dataset', features, featurized);
  const work = workingSize(d.width, d.height);

  const rngs = seeds.map(createRng);
  const fits = seeds.map((_, k) =>
    fitMember(d, train, drawn[k], rngs[k], pseudoMasked, (message) =>
      progress(seeds.length > 1 ? `${message} (member ${k + 1} of ${seeds.length})` : message),
    ),
  );
  // The model's own member also localises: its out-of-fold maps choose how regions and masks are painted.
  const [own, ...others] = fits;
  const { samples, analyses, anomalies } = own;
  const rng = rngs[0];
  let pixelMap: 'ensemble' | 'supervised' = 'ensemble';
  // Regions are painted by segmentation models only: classification models keep these neutral values.
  let pixelThreshold = 0;
  let regionPeakRatio = 0;
  let maskThreshold: number | undefined;
  let maskRefinement: number[] | undefined;
  if (d.modelType === 'segmentation' && own.member.pixelClassifier) {
    // The localisation map is a candidate choice too: the one whose regions match the masks best.
    const ensemble = regionRule(samples, analyses, 'ensemble');
    const supervised = regionRule(samples, analyses, 'supervised');
    pixelMap = supervised.f1 > ensemble.f1 ? 'supervised' : 'ensemble';
    ({ pixelThreshold, regionPeakRatio } = pixelMap === 'supervised' ? supervised : ensemble);
    const masks = regionMasks(samples, analyses, { map: pixelMap, pixelThreshold, regionPeakRatio });
    maskThreshold = maskRule(masks, pixelThreshold);
    maskRefinement = refinementRule(masks, d.labels.length, maskThreshold);
  }
  const model: TrainedModel = {
    modelType: d.modelType,
    width: d.width,
    height: d.height,
    workWidth: work.width,
    workHeight: work.height,
    features,
    ...own.member,
    members: others.length > 0 ? others.map((f) => f.member) : undefined,
    pixelMap,
    pixelThreshold,
    regionPeakRatio,
    maskThreshold,
    maskRefinement,
    labels: [],
    labelClassifiers: [],
  };
  if (d.modelType === 'segmentation') {
    model.labels = d.labels;
    model.labelClassifiers = fitLabelClassifiers(
      d,
      model,
      anomalies,
      analyses.slice(samples.length - anomalies.length),
    );
  }

  let threshold: TrainingResult['threshold'];
  let inferences: Inference[];
  if (anomalies.length > 0) {
    // Each member's threshold was drawn on its out-of-fold scores (fitMember).
    threshold = {
      source: 'training-cross-validation',
      folds: FOLDS,
      value: model.image.threshold,
      members: fits.length,
    };
    progress(`evaluating on ${test.length} test images`);
    inferences = test.map((s) => infer(model, s.features));
  } else {
    // Separate datasets without training anomalies: the test dataset is the only labelled anomalous data. The
    // model's threshold is chosen on all of it, but each test image is judged with a threshold chosen on the other
    // folds, so that the reported figures are not measured on the images that set the threshold.
    progress(`evaluating on ${test.length} test images`);
    const truth = test.map((s) => s.image.source.anomalous);
    const provisional = test.map((s) => infer(model, s.features).score);
    Object.assign(model.image, decision(provisional, truth));
    const { decisions, folds } = crossFittedDecisions(provisional, truth, TEST_THRESHOLD_FOLDS, rng);
    inferences = test.map((s, i) =>
      infer({ ...model, image: { ...model.image, ...decisions[i] } }, s.features),
    );
    threshold = {
      source: 'test-set-cross-fitted',
      folds,
      value: model.image.threshold,
      members: fits.length,
    };
  }
  const evaluation = await evaluate(model, d, test, inferences, input.test ? 'test' : 'dataset');
  progress('saving the model');
  await saveModel(input.modelDir, model);
  return {
    modelType: d.modelType,
    ...evaluation,
    trainingImages: train.length,
    testingImages: test.length,
    selectedCandidate: fits.map((f) => f.member.image.candidate).join(' + '),
    threshold,
  };
}
