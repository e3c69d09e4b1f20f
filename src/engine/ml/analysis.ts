import { FeatureMap } from './features';
import { smoothGrid } from './kernels';
import { LogisticModel, linearForm, logit } from './logistic';
import { NormalityModel, SCORERS, normaliseScores, scoreCells } from './normality';
import { Offset, uncoveredCells } from './register';

/** Per-cell analysis of one image: the shared path of training evaluation and detection. */
export interface CellAnalysis {
  gw: number;
  gh: number;
  white: Float32Array;
  /** Normalised, smoothed maps: one per scorer, then their mean ('ensemble'). */
  maps: Float32Array[];
  /** Segmentation: log-odds of the per-cell classifier. */
  supervised?: Float32Array;
  /** Registered parts: the maps are of the registered image, moved by this from the image (register.ts). */
  offset?: Offset;
}

export const MAP_NAMES = [...SCORERS, 'ensemble', 'supervised'] as const;
export type MapName = (typeof MAP_NAMES)[number];
/** Statistics of each map that describe a whole image. */
const STATISTICS = ['max', 'top'] as const;
const TOP_FRACTION = 0.02;

export interface RawCells {
  gw: number;
  gh: number;
  white: Float32Array;
  raw: Float32Array[];
  offset?: Offset;
}

export function rawCells(normality: NormalityModel, features: FeatureMap): RawCells {
  const { gw, gh, offset } = features;
  return { gw, gh, ...scoreCells(normality, features.data), ...(offset ? { offset } : {}) };
}

/** The per-cell classifier and how its map is read. */
export interface Supervision {
  classifier: LogisticModel;
  /**
   * The median cell of normal images' maps. A map whose median cell rises above it is lowered by that rise: a defect
   * is local, and a rise of every cell (another part of the material, another light) is not one. Absent in models
   * saved before it: the map is read as it is.
   */
  normalMedian?: number;
  /**
   * How the map is smoothed: along lines (smoothAlongLines) when real masks taught it, else (pseudo-masks, and models
   * saved before it) 3×3 like the other maps.
   */
  smoothing?: 'along-lines';
}

/** Normalises with `normality.norms`, smooths, adds the ensemble and (if given) the supervised map. */
export function finishCells(
  normality: NormalityModel,
  cells: RawCells,
  supervision?: Supervision,
): CellAnalysis {
  const { gw, gh, white, offset } = cells;
  const normalised = normaliseScores(
    normality,
    cells.raw.map((m) => m.slice()),
    gw,
    gh,
  );
  // Cells the registration uncovered show mirrored pixels, not the part: they score as a typical normal cell (0).
  if (offset) for (const c of uncoveredCells(gw, gh, offset)) for (const m of normalised) m[c] = 0;
  const maps = normalised.map((m) => smoothGrid(m, gw, gh, 1));
  const ensemble = new Float32Array(gw * gh);
  for (const m of maps) for (let i = 0; i < m.length; i++) ensemble[i] += m[i] / maps.length;
  maps.push(ensemble);
  const analysis: CellAnalysis = { gw, gh, white, maps, ...(offset ? { offset } : {}) };
  return supervision ? withSupervised(analysis, supervision) : analysis;
}

/**
 * A whitened feature's deviation in either direction, log(1 + w²): a defect kind may raise a feature and another
 * lower it (a bright scratch and a dark crack on one line channel), which one linear weight on w cannot both flag.
 * Logarithmic, so that a test image beyond anything seen in training does not run away linearly in w².
 */
export const deviation = (w: number): number => Math.log1p(w * w);

/**
 * Deviation inputs of the per-cell classifier when real masks teach it (segmentation), and of the label classifiers:
 * those of the first whitened features, which the Cholesky whitening leaves as the cell's own (near) channels
 * decorrelated. Pseudo-masks (classification) are too coarse a teacher for the extra weights: they overfit there.
 */
export const DEVIATION_INPUTS = 24;

/**
 * The per-cell classifier's log-odds, unsmoothed: logit over the inputs writePixelInputs lays out, read from the maps
 * and whitened features where they lie. The classifier's width says how many deviation inputs it was fitted with.
 */
export function cellLogits(analysis: CellAnalysis, classifier: LogisticModel): Float32Array {
  const { maps, white } = analysis;
  const cells = analysis.gw * analysis.gh;
  const dimWhite = white.length / cells;
  const { weights, bias } = linearForm(classifier);
  const m = maps.length;
  const deviations = weights.length - m - dimWhite;
  const out = new Float32Array(cells);
  for (let c = 0; c < cells; c++) {
    let eta = bias;
    for (let j = 0; j < m; j++) eta += weights[j] * maps[j][c];
    for (let d = 0, o = c * dimWhite; d < dimWhite; d++) eta += weights[m + d] * white[o + d];
    for (let d = 0, o = c * dimWhite; d < deviations; d++)
      eta += weights[m + dimWhite + d] * deviation(white[o + d]);
    out[c] = eta;
  }
  return out;
}

/**
 * The upper median of a map: an image's median cell, as Supervision.normalMedian compares it (onnx-export.ts takes
 * it as the least of the largest length - ⌊length/2⌋ values).
 */
export function upperMedian(map: Float32Array): number {
  const values = Float64Array.from(map);
  const half = map.length >> 1;
  selectLargest(values, half);
  let least = Infinity;
  for (let i = half; i < values.length; i++) least = Math.min(least, values[i]);
  return least;
}

/** The directions a cell's supervised log-odds are averaged along: the grid's rows, columns and diagonals. */
export const LINE_STEPS = [
  [1, 0],
  [0, 1],
  [1, 1],
  [1, -1],
] as const;

/**
 * The supervised map smoothed [1 2 1]/4 along the direction (of LINE_STEPS) where that keeps the most, borders
 * replicated: a crack or scratch one cell wide keeps its full strength along its length, where the isotropic 3×3
 * smoothing halved it (or worse, on a diagonal), and the noise of normal cells is still averaged over three.
 */
export function smoothAlongLines(map: Float32Array, gw: number, gh: number): Float32Array {
  const out = new Float32Array(map.length).fill(-Infinity);
  const at = (x: number, y: number) =>
    map[Math.min(gh - 1, Math.max(0, y)) * gw + Math.min(gw - 1, Math.max(0, x))];
  for (const [dx, dy] of LINE_STEPS)
    for (let y = 0; y < gh; y++)
      for (let x = 0; x < gw; x++) {
        const c = y * gw + x;
        const v = 0.25 * at(x - dx, y - dy) + 0.5 * map[c] + 0.25 * at(x + dx, y + dy);
        if (v > out[c]) out[c] = v;
      }
  return out;
}

/** The analysis with its supervised map made from the classifier's log-odds `logits` (taken over and changed). */
export function withLogits(
  analysis: CellAnalysis,
  logits: Float32Array,
  { normalMedian, smoothing }: Omit<Supervision, 'classifier'>,
): CellAnalysis {
  // As for the unsupervised maps: cells the registration uncovered read as the typical cell of normal images.
  const { gw, gh, offset } = analysis;
  if (offset && normalMedian !== undefined)
    for (const c of uncoveredCells(gw, gh, offset)) logits[c] = normalMedian;
  const rise = normalMedian === undefined ? 0 : upperMedian(logits) - normalMedian;
  if (rise > 0) for (let c = 0; c < logits.length; c++) logits[c] -= rise;
  const supervised =
    smoothing === 'along-lines' ? smoothAlongLines(logits, gw, gh) : smoothGrid(logits, gw, gh, 1);
  return { ...analysis, supervised };
}

/** The analysis with its supervised map (the unsupervised maps are reused). */
export function withSupervised(analysis: CellAnalysis, supervision: Supervision): CellAnalysis {
  return withLogits(analysis, cellLogits(analysis, supervision.classifier), supervision);
}

/** How many inputs the per-cell classifier reads per cell: the maps, the whitened features, `deviations` of those. */
export function pixelInputWidth(analysis: CellAnalysis, deviations: number): number {
  const dimWhite = analysis.white.length / (analysis.gw * analysis.gh);
  return analysis.maps.length + dimWhite + Math.min(deviations, dimWhite);
}

/**
 * Writes the per-cell classifier's inputs for cell `c` into `out` at `at` (pixelInputWidth values): the maps, the
 * whitened features and the deviations of the first `deviations` of those.
 */
export function writePixelInputs(
  analysis: CellAnalysis,
  c: number,
  deviations: number,
  out: Float32Array,
  at: number,
): void {
  const { maps, white } = analysis;
  const dimWhite = white.length / (analysis.gw * analysis.gh);
  const squares = Math.min(deviations, dimWhite);
  for (let m = 0; m < maps.length; m++) out[at + m] = maps[m][c];
  out.set(white.subarray(c * dimWhite, (c + 1) * dimWhite), at + maps.length);
  for (let d = 0; d < squares; d++) out[at + maps.length + dimWhite + d] = deviation(white[c * dimWhite + d]);
}

export function mapOf(analysis: CellAnalysis, name: MapName): Float32Array {
  if (name === 'supervised') {
    if (!analysis.supervised) throw new Error('no supervised map in this model');
    return analysis.supervised;
  }
  return analysis.maps[MAP_NAMES.indexOf(name)];
}

/** Names of the image statistics, in the order imageStatistics returns them. */
export function statisticNames(withSupervised: boolean): string[] {
  const maps = MAP_NAMES.filter((m) => withSupervised || m !== 'supervised');
  return maps.flatMap((m) => STATISTICS.map((s) => `${s}:${m}`));
}

/**
 * Reorders `a` so that a[k..] holds its largest values (unordered) and a[..k) the rest: a quickselect, since only
 * the top few percent of a map are needed and sorting the whole map cost more than the rest of the statistics.
 */
function selectLargest(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

export function imageStatistics(analysis: CellAnalysis): Float32Array {
  const maps = analysis.supervised ? [...analysis.maps, analysis.supervised] : analysis.maps;
  const out = new Float32Array(maps.length * STATISTICS.length);
  const values = new Float64Array(maps[0].length);
  const top = Math.max(1, Math.round(values.length * TOP_FRACTION));
  maps.forEach((m, i) => {
    values.set(m);
    selectLargest(values, values.length - top);
    // Summed in ascending order, as over a fully sorted map.
    const largest = values.subarray(values.length - top).sort();
    let sum = 0;
    for (const v of largest) sum += v;
    out[i * 2] = largest[top - 1];
    out[i * 2 + 1] = sum / top;
  });
  return out;
}

/** The image score of a candidate: one statistic by name, or 'classifier' (log-odds over all statistics). */
export function candidateScore(
  candidate: string,
  statistics: Float32Array,
  names: string[],
  classifier?: LogisticModel,
): number {
  if (candidate === 'classifier') {
    if (!classifier) throw new Error('candidate classifier has no model');
    return logit(classifier, statistics);
  }
  const index = names.indexOf(candidate);
  if (index < 0) throw new Error(`unknown candidate ${candidate}`);
  return statistics[index];
}
