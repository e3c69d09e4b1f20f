import sharp from 'sharp';
import {
  CellAnalysis,
  candidateScore,
  finishCells,
  imageStatistics,
  mapOf,
  rawCells,
  statisticNames,
  Supervision,
} from './analysis';
import { FeatureMap } from './features';
import { RgbImage } from './image';
import { colourDistances, refine } from './maskRefinement';
import { LogisticModel, logit, sigmoid } from './logistic';
import { nonZeroBox, regionFeatures, selectRegions } from './regions';
import { inImageFrame } from './register';
import { labelMaskPng } from './labelMaskPng';
import { EnsembleMember, TrainedModel } from './model';
import { DetectResult } from './types';

export interface Inference {
  score: number;
  isAnomalous: boolean;
  /** Confidence in the decision (0.5..1). */
  confidence: number;
  analysis: CellAnalysis;
  /** The localisation map on the grid (higher = more anomalous). */
  pixelMap: Float32Array;
  /**
   * The working-size image the features came from (registered, for aligned parts): the mask's boundary is refined on
   * its pixels.
   */
  image?: RgbImage;
}

/** A member's per-cell classifier, if it has one, and how its map is read. */
function supervision(member: EnsembleMember): Supervision | undefined {
  return member.pixelClassifier
    ? {
        classifier: member.pixelClassifier,
        normalMedian: member.supervisedNormalMedian,
        smoothing: member.supervisedSmoothing,
      }
    : undefined;
}

/** The cells of an image as one member scores them, and its image score. */
function scoreWith(member: EnsembleMember, features: FeatureMap): { analysis: CellAnalysis; score: number } {
  const analysis = finishCells(member.normality, rawCells(member.normality, features), supervision(member));
  const names = statisticNames(analysis.supervised !== undefined);
  const { candidate, classifier } = member.image;
  return { analysis, score: candidateScore(candidate, imageStatistics(analysis), names, classifier) };
}

/** How far a score is past a member's threshold, in its confidence scales. */
const calibrated = ({ image }: EnsembleMember, score: number) => (score - image.threshold) / image.scale;

/**
 * The image score of a model with further members: the mean of every member's calibrated score, put back on the
 * model's own scale, so that its threshold and confidence scale read it as they read a single member's score.
 * Members trained with other seeds disagree most where one seed's choices were luck, and their mean ranks images
 * more steadily than any one of them.
 */
function ensembleScore(model: TrainedModel, own: number, features: FeatureMap): number {
  const members = model.members ?? [];
  if (members.length === 0) return own;
  let sum = calibrated(model, own);
  for (const member of members) sum += calibrated(member, scoreWith(member, features).score);
  return model.image.threshold + (model.image.scale * sum) / (members.length + 1);
}

export function infer(model: TrainedModel, features: FeatureMap, image?: RgbImage): Inference {
  const own = scoreWith(model, features);
  const score = ensembleScore(model, own.score, features);
  const p = sigmoid(calibrated(model, score));
  const isAnomalous = score >= model.image.threshold;
  const pixelMap = mapOf(own.analysis, model.pixelMap);
  return {
    score,
    isAnomalous,
    confidence: isAnomalous ? p : 1 - p,
    analysis: own.analysis,
    pixelMap,
    image,
  };
}

/**
 * Segmentation: per grid cell 0 (background) or 1 + index of the label painted there. The connected regions of cells
 * over the pixel threshold, each given the label its classifiers score highest; nothing for a normal verdict
 * (classification and segmentation are separate outputs, but a normal verdict paints nothing).
 */
function labelGrid(model: TrainedModel, inference: Inference): Uint8Array {
  const { analysis, pixelMap: map } = inference;
  const out = new Uint8Array(map.length);
  if (!inference.isAnomalous) return out;
  for (const region of selectRegions(
    map,
    analysis.gw,
    analysis.gh,
    model.pixelThreshold,
    model.regionPeakRatio,
  )) {
    const label =
      chooseLabel(model.labelClassifiers, regionFeatures(analysis, region, model.normality.posMean)) + 1;
    for (const c of region) out[c] = label;
  }
  return out;
}

/** Index of the label whose one-vs-rest classifier gives the region the highest log-odds. */
export function chooseLabel(classifiers: LogisticModel[], features: Float32Array): number {
  let best = 0;
  let bestScore = -Infinity;
  classifiers.forEach((c, i) => {
    const score = logit(c, features);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}

/** Pixels x0 ≤ x < x1, y0 ≤ y < y1 of an image. */
export interface PixelRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const wholeImage = (width: number, height: number): PixelRect => ({ x0: 0, y0: 0, x1: width, y1: height });

/**
 * Bilinear upsampling of a grid map to an image of width×height: cell centres sit at the centres of their
 * GRID_STRIDE-pixel blocks of the working image, which spans the whole image. Only the pixels of `rect` are
 * computed; the rest stay 0.
 */
export function upsampleMap(
  map: Float32Array,
  gw: number,
  gh: number,
  width: number,
  height: number,
  rect = wholeImage(width, height),
): Float32Array {
  const out = new Float32Array(width * height);
  const xs = new Int32Array(width);
  const xf = new Float32Array(width);
  for (let x = rect.x0; x < rect.x1; x++) {
    const u = Math.min(gw - 1, Math.max(0, ((x + 0.5) * gw) / width - 0.5));
    xs[x] = Math.min(gw - 2, Math.floor(u));
    xf[x] = u - xs[x];
  }
  for (let y = rect.y0; y < rect.y1; y++) {
    const v = Math.min(gh - 1, Math.max(0, ((y + 0.5) * gh) / height - 0.5));
    const y0 = Math.min(gh - 2, Math.floor(v));
    const fy = v - y0;
    const r0 = y0 * gw;
    const r1 = r0 + gw;
    for (let x = rect.x0; x < rect.x1; x++) {
      const x0 = xs[x];
      const fx = xf[x];
      const top = map[r0 + x0] * (1 - fx) + map[r0 + x0 + 1] * fx;
      const bottom = map[r1 + x0] * (1 - fx) + map[r1 + x0 + 1] * fx;
      out[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/**
 * The pixels paintGrid can paint: those of the labelled cells and of the cells next to them (the grid's cell of
 * pixel x is ⌊x·gw/width⌋); undefined when no cell is labelled.
 */
function labelledRect(grid: Uint8Array, gw: number, gh: number, width: number, height: number) {
  const box = nonZeroBox(grid, gw);
  if (!box) return undefined;
  const first = (cell: number, cells: number, pixels: number) =>
    Math.ceil((Math.max(0, cell) * pixels) / cells);
  return {
    x0: first(box.cx0 - 1, gw, width),
    y0: first(box.cy0 - 1, gh, height),
    x1: Math.min(width, first(box.cx1 + 2, gw, width)),
    y1: Math.min(height, first(box.cy1 + 2, gh, height)),
  };
}

/** Per pixel of an image of width×height: 0 = background, 1 + label index. */
export function paintLabels(
  model: TrainedModel,
  inference: Inference,
  width: number,
  height: number,
): Uint8Array {
  const { gw, gh } = inference.analysis;
  const grid = labelGrid(model, inference);
  const rect = labelledRect(grid, gw, gh, width, height);
  if (!rect) return new Uint8Array(width * height);
  const up = upsampleMap(inference.pixelMap, gw, gh, width, height, rect);
  return paintGrid(
    grid,
    inference.pixelMap,
    gw,
    gh,
    up,
    width,
    height,
    model.maskThreshold ?? model.pixelThreshold,
    rect,
  );
}

/**
 * Paints the labelled cells of `grid` at pixel resolution: a pixel whose upsampled map value `up` reaches
 * `threshold` takes the label of its own cell, else of the strongest labelled cell next to it (a defect's edge
 * often falls in a cell the regions left out). Only the pixels of `rect` are looked at.
 */
export function paintGrid(
  grid: Uint8Array,
  map: Float32Array,
  gw: number,
  gh: number,
  up: Float32Array,
  width: number,
  height: number,
  threshold: number,
  rect = wholeImage(width, height),
): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = rect.y0; y < rect.y1; y++) {
    const gy = Math.min(gh - 1, Math.floor((y * gh) / height));
    for (let x = rect.x0; x < rect.x1; x++) {
      const i = y * width + x;
      if (up[i] < threshold) continue;
      const gx = Math.min(gw - 1, Math.floor((x * gw) / width));
      let label = grid[gy * gw + gx];
      if (label === 0) {
        let best = -Infinity;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const nx = gx + dx;
            const ny = gy + dy;
            if (nx < 0 || ny < 0 || nx >= gw || ny >= gh) continue;
            const c = ny * gw + nx;
            if (grid[c] > 0 && map[c] > best) {
              best = map[c];
              label = grid[c];
            }
          }
        }
      }
      out[i] = label;
    }
  }
  return out;
}

/**
 * The mask at the working size (the resolution the model scores at): per pixel 0 = background, 1 + label index.
 * Painted from the map, then refined on the image's pixels where the model learnt to (maskRefinement.ts), in the
 * image's own frame.
 */
export function paintMask(model: TrainedModel, inference: Inference): Uint8Array {
  const { workWidth: w, workHeight: h } = model;
  let painted = paintLabels(model, inference, w, h);
  if (model.maskRefinement && inference.image)
    painted = refine(painted, colourDistances(painted, inference.image), model.maskRefinement);
  // A registered image is painted in the model's pose: the mask goes back to where the defect is in the image.
  return inference.analysis.offset ? inImageFrame(painted, w, h, inference.analysis.offset) : painted;
}

/** Per model, the PNG of a mask with nothing painted: most images a line inspects are normal. */
const blankMasks = new WeakMap<TrainedModel, Promise<Buffer>>();

/** The mask as a PNG at the model's image size: white background, label colours, scaled nearest-neighbour. */
export function maskPng(model: TrainedModel, painted: Uint8Array): Promise<Buffer> {
  if (painted.some((l) => l > 0)) return encodeMask(model, painted);
  let blank = blankMasks.get(model);
  if (!blank) {
    blank = encodeMask(model, painted);
    blankMasks.set(model, blank);
    blank.catch(() => blankMasks.delete(model));
  }
  return blank;
}

async function encodeMask(model: TrainedModel, painted: Uint8Array): Promise<Buffer> {
  const { workWidth: width, workHeight: height } = model;
  const png = await labelMaskPng(
    painted,
    width,
    height,
    model.labels.map((l) => l.color),
  );
  if (width === model.width && height === model.height) return png;
  return sharp(png)
    .resize(model.width, model.height, { kernel: 'nearest', fit: 'fill' })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/**
 * The DetectAnomalies result: classification fields, and for segmentation the labelled mask PNG and areas. Labels
 * are painted at the working size (the resolution the model scores at) and sharp scales the mask to the image with
 * nearest-neighbour sampling, which keeps the label colours exact: a 4096² image costs what a 256² one does.
 */
export async function toDetectResult(model: TrainedModel, inference: Inference): Promise<DetectResult> {
  const result: DetectResult = { IsAnomalous: inference.isAnomalous, Confidence: inference.confidence };
  if (model.modelType !== 'segmentation') return result;
  const painted = paintMask(model, inference);
  const counts = new Float64Array(model.labels.length + 1);
  for (const l of painted) counts[l]++;
  const area = (n: number) => n / painted.length;
  result.Anomalies = [
    { Name: 'background', PixelAnomaly: { TotalPercentageArea: area(counts[0]), Color: '#ffffff' } },
  ];
  model.labels.forEach((l, i) => {
    if (counts[i + 1] > 0)
      result.Anomalies!.push({
        Name: l.name,
        PixelAnomaly: { TotalPercentageArea: area(counts[i + 1]), Color: l.color },
      });
  });
  result.AnomalyMask = await maskPng(model, painted);
  return result;
}
