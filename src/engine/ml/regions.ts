import { CellAnalysis, DEVIATION_INPUTS, deviation } from './analysis';

/** 4-connected regions of grid cells whose map value reaches `threshold`, as lists of cell indexes. */
export function findRegions(
  map: Float32Array,
  gw: number,
  gh: number,
  threshold: number,
  allowed?: Uint8Array,
): number[][] {
  const inside = (c: number) => map[c] >= threshold && (!allowed || allowed[c] > 0);
  const seen = new Uint8Array(gw * gh);
  const regions: number[][] = [];
  const stack: number[] = [];
  for (let start = 0; start < map.length; start++) {
    if (seen[start] || !inside(start)) continue;
    const region: number[] = [];
    stack.push(start);
    seen[start] = 1;
    while (stack.length) {
      const c = stack.pop()!;
      region.push(c);
      const x = c % gw;
      const y = (c - x) / gw;
      const next = [
        x > 0 ? c - 1 : -1,
        x < gw - 1 ? c + 1 : -1,
        y > 0 ? c - gw : -1,
        y < gh - 1 ? c + gw : -1,
      ];
      for (const n of next) {
        if (n >= 0 && !seen[n] && inside(n)) {
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    regions.push(region.sort((a, b) => a - b));
  }
  return regions;
}

/** Inclusive cell coordinates of a box of grid cells. */
export interface CellBox {
  cx0: number;
  cy0: number;
  cx1: number;
  cy1: number;
}

/** The bounding box of the non-zero cells of a grid gw cells wide; undefined when every cell is 0. */
export function nonZeroBox(grid: ArrayLike<number>, gw: number): CellBox | undefined {
  let box: CellBox | undefined;
  for (let c = 0; c < grid.length; c++) {
    if (grid[c] === 0) continue;
    const cx = c % gw;
    const cy = (c - cx) / gw;
    if (!box) box = { cx0: cx, cy0: cy, cx1: cx, cy1: cy };
    else {
      box.cx0 = Math.min(box.cx0, cx);
      box.cx1 = Math.max(box.cx1, cx);
      box.cy1 = cy;
    }
  }
  return box;
}

/**
 * The anomalous regions of a map: cells at or above `threshold`, keeping only regions whose peak rises above the
 * threshold by at least `peakRatio` of the strongest region's rise (weak echoes beside a clear defect are dropped).
 */
export function selectRegions(
  map: Float32Array,
  gw: number,
  gh: number,
  threshold: number,
  peakRatio: number,
): number[][] {
  const regions = findRegions(map, gw, gh, threshold);
  const peaks = regions.map((r) => r.reduce((m, c) => Math.max(m, map[c]), -Infinity) - threshold);
  const top = Math.max(0, ...peaks);
  return regions.filter((_, i) => peaks[i] >= peakRatio * top);
}

/**
 * What a region looks like, to tell anomaly labels apart: its mean whitened features and normalised scores,
 * log-area and elongation (thin scratches versus round stains and spots), then the mean deviations of its first
 * whitened features (analysis.ts: how far from normal either way, as a cut-and-paste patch differs from a stain).
 * Label classifiers saved before the deviations read only the features before them.
 * On a registered part (`analysis.offset`) the whitened features are read less `normalPart` (the normality model's
 * posMean: the normal part's whitened features at each cell): what tells a stain from a crack is what the defect
 * changed, not which part of the object it lies on (the part's edges and colours would teach where the training
 * defects happened to be).
 */
export function regionFeatures(
  analysis: CellAnalysis,
  region: number[],
  normalPart?: Float32Array,
): Float32Array {
  const { gw, white, maps } = analysis;
  const dim = white.length / (gw * analysis.gh);
  const part = analysis.offset && normalPart;
  const deviations = Math.min(DEVIATION_INPUTS, dim);
  const shapeEnd = dim + maps.length + 2;
  const out = new Float32Array(shapeEnd + deviations);
  let mx = 0;
  let my = 0;
  for (const c of region) {
    for (let d = 0; d < dim; d++) {
      const w = part ? white[c * dim + d] - part[c * dim + d] : white[c * dim + d];
      out[d] += w / region.length;
      if (d < deviations) out[shapeEnd + d] += deviation(w) / region.length;
    }
    maps.forEach((m, k) => (out[dim + k] += m[c] / region.length));
    mx += (c % gw) / region.length;
    my += Math.floor(c / gw) / region.length;
  }
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const c of region) {
    const dx = (c % gw) - mx;
    const dy = Math.floor(c / gw) - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  // Eigenvalues of the coordinate covariance (+ one cell's own spread) give the elongation.
  const n = region.length;
  const a = sxx / n + 1 / 12;
  const b = syy / n + 1 / 12;
  const c = sxy / n;
  const root = Math.sqrt(((a - b) / 2) ** 2 + c * c);
  const major = (a + b) / 2 + root;
  const minor = Math.max(1e-6, (a + b) / 2 - root);
  out[dim + maps.length] = Math.log(n);
  out[dim + maps.length + 1] = 0.5 * Math.log(major / minor);
  return out;
}
