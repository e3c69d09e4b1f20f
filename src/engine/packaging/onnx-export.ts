// The trained model as an ONNX graph of standard operators, generated from its description (TrainedModel): one
// module mirroring the engine's feature and score computation (features.ts, normality.ts, analysis.ts,
// inference.ts; register.ts for aligned parts), each member of an ensemble scoring the same features.
// test/engine/onnx-export.test.ts compares its outputs with the engine's own scores, so a model change this file
// does not follow fails there.
//
// Not expressible in standard ONNX operators, so left to the post-processing the JSON beside the model describes:
// resizing an image to the working size (the engine resizes with libvips), and for segmentation the connected
// regions of the anomaly map, each region's label (its mean per-cell label score plus area and elongation terms),
// and painting the full-size mask (moved back by the registration offset, for aligned parts).
import { LEGACY_FEATURES, channelCount } from '../ml/features';
import { LINE_CHANNELS, LINE_DIRECTIONS, LINE_HALF_LENGTH } from '../ml/lines';
import { COLOUR_RIDGE, MIN_RING_PIXELS, RING_CELLS } from '../ml/maskRefinement';
import { GRID_STRIDE } from '../ml/image';
import { REGISTRATION_RADIUS, UNCOVERED_REACH, type Alignment } from '../ml/register';
import { linearForm } from '../ml/logistic';
import type { EnsembleMember, TrainedModel } from '../ml/model';
import { SCORERS, cellNorms } from '../ml/normality';
import { LINE_STEPS, statisticNames } from '../ml/analysis';
import { OnnxGraph } from './onnx-graph';

/** Mirrors of the engine's private constants (features.ts EPS, EXPOSURE_TARGET, MAX_EXPOSURE_GAIN; analysis.ts TOP_FRACTION). */
const LOG_EPS = 1e-5;
const EXPOSURE_TARGET = 0.5;
const MAX_EXPOSURE_GAIN = 8;
const TOP_FRACTION = 0.02;

export const ONNX_INPUT = 'image';
export const ONNX_OUTPUTS = {
  score: 'image_score',
  probability: 'anomaly_probability',
  isAnomalous: 'is_anomalous',
  confidence: 'confidence',
  map: 'anomaly_score_map',
  labels: 'label_scores',
  offset: 'registration_offset',
} as const;

export interface OnnxExport {
  model: Uint8Array;
  /** The JSON beside model.onnx: input scaling, threshold, labels and colours, post-processing. */
  metadata: object;
}

export function exportOnnx(model: TrainedModel): OnnxExport {
  const g = new OnnxGraph();
  const W = model.workWidth;
  const H = model.workHeight;
  const gw = W / GRID_STRIDE;
  const gh = H / GRID_STRIDE;
  const cells = gw * gh;
  const dim = model.normality.dim;
  const options = model.features ?? LEGACY_FEATURES;
  const channels = channelCount(options);
  if (dim !== 2 * channels)
    throw new Error(`the model has ${dim} features per cell; the export knows ${2 * channels}`);

  const pad = (x: string, begin: number[], end: number[]) =>
    g.node('Pad', [x, g.ints([...begin, ...end])], { mode: 'edge' });
  const pool = (x: string, k: number) =>
    k === 1 ? x : g.node('AveragePool', [x], { kernel_shape: [k, k], strides: [k, k] });
  const square = (x: string) => g.node('Mul', [x, x]);
  const scale = (x: string, values: number[], dims: number[]) => g.node('Mul', [x, g.floats(values, dims)]);
  /** smoothGrid: [1 2 1]/4 along x then y with replicated borders, per channel, `passes` times. */
  const smooth = (x: string, channels: number, passes: number) => {
    const taps = Array.from({ length: channels }, () => [0.25, 0.5, 0.25]).flat();
    const horizontal = g.floats(taps, [channels, 1, 1, 3]);
    const vertical = g.floats(taps, [channels, 1, 3, 1]);
    for (let p = 0; p < passes; p++) {
      x = g.node('Conv', [pad(x, [0, 0, 0, 1], [0, 0, 0, 1]), horizontal], { group: channels });
      x = g.node('Conv', [pad(x, [0, 0, 1, 0], [0, 0, 1, 0]), vertical], { group: channels });
    }
    return x;
  };
  /** smoothAlongLines (analysis.ts), one channel: the largest of [1 2 1]/4 along rows, columns and diagonals. */
  const smoothAlongLines = (x: string) => {
    const padded = pad(x, [0, 0, 1, 1], [0, 0, 1, 1]);
    const along = LINE_STEPS.map(([dx, dy]) => {
      const kernel = new Array<number>(9).fill(0);
      kernel[4] = 0.5;
      kernel[4 - dy * 3 - dx] += 0.25;
      kernel[4 + dy * 3 + dx] += 0.25;
      return g.node('Conv', [padded, g.floats(kernel, [1, 1, 3, 3])]);
    });
    return g.node('Max', along);
  };
  const halve = (x: string) => pool(x, 2);

  /**
   * register.ts: the offset that registers the image onto the model's pose, the registered image, and per cell
   * whether the move uncovered it.
   */
  const registerOnto = (input: string, { reference, width: w1, height: h1 }: Alignment) => {
    const radius = REGISTRATION_RADIUS;
    const side = 2 * radius + 1;
    const [kw, kh] = [w1 - 2 * radius, h1 - 2 * radius];
    const kernel = new Float32Array(kw * kh);
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++) kernel[y * kw + x] = reference[(y + radius) * w1 + x + radius];
    const half = halve(g.node('Conv', [input, g.floats([1 / 3, 1 / 3, 1 / 3], [1, 3, 1, 1])]));
    // Normalised correlation of every shift: the dot product with the (zero-mean) reference over the window's spread.
    const dot = g.node('Conv', [half, g.floats(kernel, [1, 1, kh, kw])]);
    const windowMean = (x: string) => g.node('AveragePool', [x], { kernel_shape: [kh, kw], strides: [1, 1] });
    const spread = g.node('Mul', [
      g.node('Sub', [windowMean(square(half)), square(windowMean(half))]),
      g.floats([kw * kh], [1]),
    ]);
    const matches = g.node('Reshape', [
      g.node('Div', [dot, g.node('Sqrt', [g.node('Max', [spread, g.floats([1e-12], [1])])])]),
      g.ints([side * side]),
    ]);
    const best = g.node('ArgMax', [matches], { axis: 0, keepdims: 1 });
    const at = (index: string) =>
      g.node(
        'Gather',
        [matches, g.node('Min', [g.node('Max', [index, g.ints([0])]), g.ints([side * side - 1])])],
        {
          axis: 0,
        },
      );
    const step = (k: number) => at(g.node('Add', [best, g.ints([k])]));
    const peak = at(best);
    const zero = g.floats([0], [1]);
    /** The parabola's vertex through the best match and its neighbours `k` apart, when they lie on the grid. */
    const vertex = (b: string, k: number) => {
      const [before, after] = [step(-k), step(k)];
      const curvature = g.node('Sub', [g.node('Add', [before, after]), scale(peak, [2], [1])]);
      const v = g.node('Clip', [
        g.node('Div', [scale(g.node('Sub', [before, after]), [0.5], [1]), curvature]),
        g.floats([-0.5], []),
        g.floats([0.5], []),
      ]);
      const inside = g.node('And', [
        g.node('Greater', [b, g.ints([0])]),
        g.node('Less', [b, g.ints([side - 1])]),
      ]);
      return g.node('Where', [g.node('And', [inside, g.node('Less', [curvature, zero])]), v, zero]);
    };
    /** Whole working pixels: round(2 · (best - radius + vertex)), rounding halves up as Math.round does. */
    const offsetAlong = (b: string, k: number) =>
      g.node('Floor', [
        g.node('Add', [
          scale(
            g.node('Add', [
              g.node('Sub', [g.node('Cast', [b], { to: 1 }), g.floats([radius], [1])]),
              vertex(b, k),
            ]),
            [2],
            [1],
          ),
          g.floats([0.5], [1]),
        ]),
      ]);
    const bx = g.node('Mod', [best, g.ints([side])]);
    const by = g.node('Div', [best, g.ints([side])]);
    const xy = [offsetAlong(bx, 1), offsetAlong(by, side)];
    const offset = g.node('Concat', xy, { axis: 0 });
    const [ox, oy] = xy.map((o) => g.node('Cast', [o], { to: 7 }));
    // Pixel (x, y) of the registered image is pixel (x + ox, y + oy) of the input, mirrored at the edges.
    const mirrored = (v: string, n: number) =>
      g.node('Where', [
        g.node('Less', [v, g.ints([0])]),
        g.node('Sub', [g.node('Neg', [v]), g.ints([1])]),
        g.node('Where', [
          g.node('GreaterOrEqual', [v, g.ints([n])]),
          g.node('Sub', [g.ints([2 * n - 1]), v]),
          v,
        ]),
      ]);
    const along = (n: number, o: string) =>
      mirrored(g.node('Add', [g.ints(Array.from({ length: n }, (_, i) => i)), o]), n);
    const registered = g.node(
      'Gather',
      [g.node('Gather', [input, along(H, oy)], { axis: 2 }), along(W, ox)],
      {
        axis: 3,
      },
    );
    // A cell holds uncovered (mirrored) pixels, or reads them, when the move reaches past the image on its side
    // (uncoveredCells).
    const uncoveredAlong = (cellsAlong: number, o: string) => {
      const start = g.ints(Array.from({ length: cellsAlong }, (_, c) => c * GRID_STRIDE));
      const end = g.ints(Array.from({ length: cellsAlong }, (_, c) => (c + 1) * GRID_STRIDE));
      return g.node('Or', [
        g.node('And', [
          g.node('Less', [o, g.ints([0])]),
          g.node('Less', [start, g.node('Sub', [g.ints([UNCOVERED_REACH]), o])]),
        ]),
        g.node('And', [
          g.node('Greater', [o, g.ints([0])]),
          g.node('Greater', [end, g.node('Sub', [g.ints([cellsAlong * GRID_STRIDE - UNCOVERED_REACH]), o])]),
        ]),
      ]);
    };
    const uncovered = g.node('Or', [
      g.node('Reshape', [uncoveredAlong(gh, oy), g.ints([gh, 1])]),
      g.node('Reshape', [uncoveredAlong(gw, ox), g.ints([1, gw])]),
    ]);
    return { image: registered, offset, uncovered: g.node('Reshape', [uncovered, g.ints([1, cells])]) };
  };

  // Pixel planes: luminance and two colour opponents of the RGB input in 0..1 (registered first, for aligned parts).
  const input = g.input(ONNX_INPUT, [1, 3, H, W]);
  const registration = options.alignment ? registerOnto(input, options.alignment) : undefined;
  const image = registration?.image ?? input;
  let planes = g.node('Conv', [image, g.floats([1 / 3, 1 / 3, 1 / 3, 1, -1, 0, 0.5, 0.5, -1], [3, 3, 1, 1])]);
  if (options.exposure) {
    // Every plane scaled so that the mean luminance is EXPOSURE_TARGET, the gain bounded.
    const [meanLum] = g.nodeN('Split', [g.node('ReduceMean', [planes], { axes: [2, 3], keepdims: 1 })], 3, {
      axis: 1,
    });
    const gain = g.node('Clip', [
      g.node('Div', [g.floats([EXPOSURE_TARGET], [1]), g.node('Max', [meanLum, g.floats([1e-6], [1])])]),
      g.floats([1 / MAX_EXPOSURE_GAIN], []),
      g.floats([MAX_EXPOSURE_GAIN], []),
    ]);
    planes = g.node('Mul', [planes, gain]);
  }
  const [lum, o1, o2] = g.nodeN('Split', [planes], 3, { axis: 1 });

  // Gradient kernels with replicated borders: gx, gy, (gx+gy), (gx-gy), Laplacian.
  const gx = [0, 0, 0, -0.5, 0, 0.5, 0, 0, 0];
  const gy = [0, -0.5, 0, 0, 0, 0, 0, 0.5, 0];
  const lap = [0, -0.25, 0, -0.25, 1, -0.25, 0, -0.25, 0];
  const plus = gx.map((v, i) => v + gy[i]);
  const minus = gx.map((v, i) => v - gy[i]);
  const oriented = g.floats([...gx, ...gy, ...plus, ...minus, ...lap], [5, 1, 3, 3]);
  const gradient = g.floats([...gx, ...gy], [2, 1, 3, 3]);
  const withBorder = (x: string) => pad(x, [0, 0, 1, 1], [0, 0, 1, 1]);
  const orientedEnergies = (x: string, block: number) =>
    pool(scale(square(g.node('Conv', [withBorder(x), oriented])), [1, 1, 0.5, 0.5, 1], [1, 5, 1, 1]), block);
  const gradientEnergy = (x: string, block: number) =>
    pool(
      g.node('ReduceSum', [square(g.node('Conv', [withBorder(x), gradient])), g.ints([1])], { keepdims: 1 }),
      block,
    );

  const lum1 = halve(lum);
  const lum2 = halve(lum1);
  const o1h = halve(o1);
  const o2h = halve(o2);
  // Luminance variance within each cell, around the cell mean (lum2 repeated over the cell's pixels).
  const cellMean = g.node('Resize', [lum2, '', g.floats([1, 1, GRID_STRIDE, GRID_STRIDE], [4])], {
    mode: 'nearest',
    coordinate_transformation_mode: 'asymmetric',
    nearest_mode: 'floor',
  });
  const variance = pool(square(g.node('Sub', [lum, cellMean])), GRID_STRIDE);
  const energies = g.node(
    'Concat',
    [
      orientedEnergies(lum, GRID_STRIDE),
      orientedEnergies(lum1, GRID_STRIDE / 2),
      orientedEnergies(lum2, 1),
      gradientEnergy(o1h, GRID_STRIDE / 2),
      gradientEnergy(o2h, GRID_STRIDE / 2),
      variance,
    ],
    { axis: 1 },
  );
  const logOf = (x: string) => g.node('Log', [g.node('Add', [x, g.floats([LOG_EPS], [1])])]);
  // Period residual of level 1 along each lattice shift: the smaller squared difference to the pixel one shift
  // forward or back (borders clamped, as edge padding does), block means, log-energy.
  const residuals = options.periods.map(([dx, dy]) => {
    const [h1, w1] = [H / 2, W / 2];
    const [px, py] = [Math.abs(dx), Math.abs(dy)];
    const padded = pad(lum1, [0, 0, py, px], [0, 0, py, px]);
    const shifted = (sx: number, sy: number) =>
      g.node('Slice', [
        padded,
        g.ints([py + sy, px + sx]),
        g.ints([py + sy + h1, px + sx + w1]),
        g.ints([2, 3]),
      ]);
    const difference = (sx: number, sy: number) => square(g.node('Sub', [lum1, shifted(sx, sy)]));
    return logOf(pool(g.node('Min', [difference(dx, dy), difference(-dx, -dy)]), GRID_STRIDE / 2));
  });
  // Thin lines (lines.ts): the side profile of each direction, its mean along the direction, and per pixel the
  // strongest dark and bright response; per cell the largest, squared, as a log-energy.
  const reach = Math.max(...LINE_DIRECTIONS.flatMap((d) => d.side.map(Math.abs)));
  const profileSide = 2 * reach + 1;
  const profileKernel = new Array<number>(LINE_DIRECTIONS.length * profileSide * profileSide).fill(0);
  const taps = 2 * LINE_HALF_LENGTH + 1;
  const alongReach = LINE_HALF_LENGTH * Math.max(...LINE_DIRECTIONS.flatMap((d) => d.along.map(Math.abs)));
  const alongSide = 2 * alongReach + 1;
  const alongKernel = new Array<number>(LINE_DIRECTIONS.length * alongSide * alongSide).fill(0);
  LINE_DIRECTIONS.forEach(({ along, side }, o) => {
    const at = (x: number, y: number) =>
      o * profileSide * profileSide + (y + reach) * profileSide + x + reach;
    profileKernel[at(0, 0)] += 1;
    profileKernel[at(side[0], side[1])] -= 0.5;
    profileKernel[at(-side[0], -side[1])] -= 0.5;
    for (let t = -LINE_HALF_LENGTH; t <= LINE_HALF_LENGTH; t++)
      alongKernel[
        o * alongSide * alongSide + (t * along[1] + alongReach) * alongSide + t * along[0] + alongReach
      ] += 1 / taps;
  });
  const lineEnergies = (x: string, block: number) => {
    const profiles = g.node('Conv', [
      pad(x, [0, 0, reach, reach], [0, 0, reach, reach]),
      g.floats(profileKernel, [LINE_DIRECTIONS.length, 1, profileSide, profileSide]),
    ]);
    const responses = g.node(
      'Conv',
      [
        pad(profiles, [0, 0, alongReach, alongReach], [0, 0, alongReach, alongReach]),
        g.floats(alongKernel, [LINE_DIRECTIONS.length, 1, alongSide, alongSide]),
      ],
      { group: LINE_DIRECTIONS.length },
    );
    const strongest = (r: string) => g.node('ReduceMax', [g.node('Relu', [r])], { axes: [1], keepdims: 1 });
    const maxPool = (x: string) =>
      g.node('MaxPool', [x], { kernel_shape: [block, block], strides: [block, block] });
    return [g.node('Neg', [responses]), responses].map((r) => logOf(square(maxPool(strongest(r)))));
  };
  const base = g.node('Concat', [logOf(energies), lum2, halve(o1h), halve(o2h)], { axis: 1 });
  const baseCount = channels - options.periods.length - (options.lines ? LINE_CHANNELS : 0);
  // As features.ts does: the line channels are not smoothed (a thin defect lights one row of cells).
  const near = g.node(
    'Concat',
    [
      smooth(base, baseCount, 1),
      ...(options.lines ? lineEnergies(lum1, GRID_STRIDE / 2) : []),
      ...(residuals.length ? [smooth(g.node('Concat', residuals, { axis: 1 }), residuals.length, 1)] : []),
    ],
    { axis: 1 },
  );
  const wide = smooth(near, channels, 4);
  const grid = g.node('Concat', [near, wide], { axis: 1 });
  const features = g.node('Transpose', [g.node('Reshape', [grid, g.ints([dim, cells])])], { perm: [1, 0] });

  // Deviations of the first `count` features of `of` per cell, log(1 + w²) (analysis.ts, deviation); one node per
  // source and count, shared by the per-cell and the label classifiers.
  const deviationNodes = new Map<string, string>();
  const deviationsOf = (of: string, count: number) => {
    let node = deviationNodes.get(`${of}/${count}`);
    if (!node) {
      const first = g.node('Slice', [of, g.ints([0]), g.ints([count]), g.ints([1])]);
      node = g.node('Log', [g.node('Add', [square(first), g.floats([1], [1])])]);
      deviationNodes.set(`${of}/${count}`, node);
    }
    return node;
  };

  const scorers = SCORERS.length;
  const mapCount = scorers + 1;
  const sumLast = (x: string, axis: number) => g.node('ReduceSum', [x, g.ints([axis])], { keepdims: 0 });
  /**
   * One member's scoring (normality.ts, analysis.ts): whitened features, the normalised score maps, the per-cell
   * classifier's map and the image score.
   */
  const scoreWith = (member: EnsembleMember) => {
    const n = member.normality;
    if (n.dim !== dim) throw new Error(`an ensemble member has ${n.dim} features per cell, the model ${dim}`);
    // Whitening and the three normality scorers (normality.ts), per cell.
    const whitenT = new Float32Array(dim * dim);
    for (let i = 0; i < dim; i++) for (let k = 0; k <= i; k++) whitenT[k * dim + i] = n.whiten[i * dim + k];
    const white = g.node('MatMul', [
      g.node('Sub', [features, g.floats(n.mean, [dim])]),
      g.floats(whitenT, [dim, dim]),
    ]);
    const gaussian = sumLast(square(white), 1);
    // The codebook as the kernel computes it, max(0, |z|² + min_j (|c_j|² − 2 z·c_j)): one MatMul, where the
    // differences z − c_j held cells × k × dim floats (14 MB at 256²) in the runtime's memory.
    const k = n.centroids.length / dim;
    const centroidsT = new Float32Array(dim * k);
    const centroidNorms = new Float32Array(k);
    for (let j = 0; j < k; j++) {
      for (let d = 0; d < dim; d++) {
        const v = n.centroids[j * dim + d];
        centroidsT[d * k + j] = -2 * v;
        centroidNorms[j] += v * v;
      }
    }
    const nearest = g.node(
      'ReduceMin',
      [
        g.node('Add', [
          g.node('MatMul', [white, g.floats(centroidsT, [dim, k])]),
          g.floats(centroidNorms, [k]),
        ]),
      ],
      { axes: [1], keepdims: 0 },
    );
    const codebook = g.node('Relu', [g.node('Add', [gaussian, nearest])]);
    const posMean = g.floats(n.posMean, [cells, dim]);
    const positional = sumLast(
      g.node('Mul', [square(g.node('Sub', [white, posMean])), g.floats(n.posIvar, [cells, dim])]),
      1,
    );
    const raw = g.node(
      'Concat',
      [gaussian, codebook, positional].map((s) => g.node('Unsqueeze', [s, g.ints([0])])),
      {
        axis: 0,
      },
    );
    const { median, inverse } = cellNorms(n, gw, gh);
    const v = g.node('Mul', [
      g.node('Sub', [raw, g.floats(median, [scorers, cells])]),
      g.floats(inverse, [scorers, cells]),
    ]);
    // Signed log: sign(v)·log(1 + |v|).
    const signedLog = g.node('Mul', [
      g.node('Sign', [v]),
      g.node('Log', [g.node('Add', [g.node('Abs', [v]), g.floats([1], [1])])]),
    ]);
    // Cells the registration uncovered score as a typical normal cell (analysis.ts, finishCells).
    const judged = registration
      ? g.node('Where', [registration.uncovered, g.floats([0], [1]), signedLog])
      : signedLog;
    const normalMaps = smooth(g.node('Reshape', [judged, g.ints([1, scorers, gh, gw])]), scorers, 1);
    const ensemble = g.node('ReduceMean', [normalMaps], { axes: [1], keepdims: 1 });
    const maps = g.node('Concat', [normalMaps, ensemble], { axis: 1 });
    const mapsPerCell = g.node('Transpose', [g.node('Reshape', [maps, g.ints([mapCount, cells])])], {
      perm: [1, 0],
    });

    let supervised: string | undefined;
    if (member.pixelClassifier) {
      const { weights, bias } = linearForm(member.pixelClassifier);
      const deviations = weights.length - mapCount - dim;
      const parts = [mapsPerCell, white, ...(deviations > 0 ? [deviationsOf(white, deviations)] : [])];
      const inputs = g.node('Concat', parts, { axis: 1 });
      let logit = g.node('Add', [
        g.node('MatMul', [inputs, g.floats(weights, [weights.length, 1])]),
        g.floats([bias], [1]),
      ]);
      if (member.supervisedNormalMedian !== undefined) {
        if (registration)
          logit = g.node('Where', [
            g.node('Reshape', [registration.uncovered, g.ints([cells, 1])]),
            g.floats([member.supervisedNormalMedian], [1]),
            logit,
          ]);
        // Less the rise of its upper median (the least of the largest cells - ⌊cells/2⌋) over normal images' (analysis.ts).
        const [upper] = g.nodeN(
          'TopK',
          [g.node('Reshape', [logit, g.ints([1, cells])]), g.ints([cells - (cells >> 1)])],
          2,
          { axis: 1 },
        );
        const median = g.node('ReduceMin', [upper], { axes: [1], keepdims: 0 });
        const rise = g.node('Relu', [
          g.node('Sub', [median, g.floats([member.supervisedNormalMedian], [1])]),
        ]);
        logit = g.node('Sub', [logit, rise]);
      }
      const grid = g.node('Reshape', [logit, g.ints([1, 1, gh, gw])]);
      supervised = member.supervisedSmoothing === 'along-lines' ? smoothAlongLines(grid) : smooth(grid, 1, 1);
    }

    // Image statistics (max and mean of the top 2 % of cells of each map) and the image score.
    const all = supervised ? g.node('Concat', [maps, supervised], { axis: 1 }) : maps;
    const allCount = mapCount + (supervised ? 1 : 0);
    const top = Math.max(1, Math.round(cells * TOP_FRACTION));
    const [largest] = g.nodeN(
      'TopK',
      [g.node('Reshape', [all, g.ints([allCount, cells])]), g.ints([top])],
      2,
      {
        axis: 1,
      },
    );
    const statistics = g.node('Reshape', [
      g.node(
        'Concat',
        [
          g.node('ReduceMax', [largest], { axes: [1], keepdims: 1 }),
          g.node('ReduceMean', [largest], { axes: [1], keepdims: 1 }),
        ],
        { axis: 1 },
      ),
      g.ints([1, 2 * allCount]),
    ]);
    const names = statisticNames(supervised !== undefined);
    let score: string;
    if (member.image.candidate === 'classifier') {
      if (!member.image.classifier) throw new Error('the image classifier is missing');
      const { weights, bias } = linearForm(member.image.classifier);
      score = g.node('Add', [
        g.node('MatMul', [statistics, g.floats(weights, [weights.length, 1])]),
        g.floats([bias], [1]),
      ]);
    } else {
      const index = names.indexOf(member.image.candidate);
      if (index < 0) throw new Error(`unknown candidate ${member.image.candidate}`);
      score = g.node('Gather', [statistics, g.ints([index])], { axis: 1 });
    }
    score = g.node('Reshape', [score, g.ints([1])]);
    return { white, posMean, mapsPerCell, ensemble, supervised, score };
  };
  const own = scoreWith(model);
  const { white, posMean, mapsPerCell, ensemble, supervised } = own;
  const members = model.members ?? [];
  // An ensemble's score (inference.ts, ensembleScore): the mean of the members' calibrated scores, on the model's scale.
  const calibrated = (member: EnsembleMember, score: string) =>
    scale(g.node('Sub', [score, g.floats([member.image.threshold], [1])]), [1 / member.image.scale], [1]);
  const score =
    members.length === 0
      ? own.score
      : g.node('Add', [
          scale(
            g.node('Sum', [
              calibrated(model, own.score),
              ...members.map((m) => calibrated(m, scoreWith(m).score)),
            ]),
            [model.image.scale / (members.length + 1)],
            [1],
          ),
          g.floats([model.image.threshold], [1]),
        ]);
  const threshold = g.floats([model.image.threshold], [1]);
  const probability = g.node('Sigmoid', [
    scale(g.node('Sub', [score, threshold]), [1 / model.image.scale], [1]),
  ]);
  const isAnomalous = g.node('GreaterOrEqual', [score, threshold]);
  const confidence = g.node('Where', [
    isAnomalous,
    probability,
    g.node('Sub', [g.floats([1], [1]), probability]),
  ]);
  g.output(score, ONNX_OUTPUTS.score, [1]);
  g.output(probability, ONNX_OUTPUTS.probability, [1]);
  g.output(isAnomalous, ONNX_OUTPUTS.isAnomalous, [1], 'bool');
  g.output(confidence, ONNX_OUTPUTS.confidence, [1]);
  g.output(model.pixelMap === 'supervised' ? supervised! : ensemble, ONNX_OUTPUTS.map, [1, 1, gh, gw]);
  if (registration) g.output(registration.offset, ONNX_OUTPUTS.offset, [2]);

  // Segmentation: per-cell label scores whose mean over a region, plus the region's area and elongation terms,
  // is the engine's label classifier log-odds for that region (the classifiers are linear).
  const labels = model.modelType === 'segmentation' ? model.labelClassifiers.map(linearForm) : [];
  if (labels.length > 0) {
    // regionFeatures: [white, maps, ln(cells), elongation, deviations]; all but the shape terms are region means.
    const shapeEnd = dim + mapCount + 2;
    const deviations = labels[0].weights.length - shapeEnd;
    const inputs = dim + mapCount + deviations;
    const weights = new Float32Array(inputs * labels.length);
    labels.forEach((l, c) => {
      for (let j = 0; j < dim + mapCount; j++) weights[j * labels.length + c] = l.weights[j];
      for (let d = 0; d < deviations; d++)
        weights[(dim + mapCount + d) * labels.length + c] = l.weights[shapeEnd + d];
    });
    // A registered part's labels read the whitened features less the normal part at each cell (regions.ts).
    const read = registration ? g.node('Sub', [white, posMean]) : white;
    const parts = [read, mapsPerCell, ...(deviations > 0 ? [deviationsOf(read, deviations)] : [])];
    const perCell = g.node('Add', [
      g.node('MatMul', [g.node('Concat', parts, { axis: 1 }), g.floats(weights, [inputs, labels.length])]),
      g.floats(
        labels.map((l) => l.bias),
        [labels.length],
      ),
    ]);
    const labelMaps = g.node('Reshape', [
      g.node('Transpose', [perCell], { perm: [1, 0] }),
      g.ints([1, labels.length, gh, gw]),
    ]);
    g.output(labelMaps, ONNX_OUTPUTS.labels, [1, labels.length, gh, gw]);
  }

  const metadata = {
    format: 'lookout-vision-onnx/1',
    modelType: model.modelType,
    input: {
      name: ONNX_INPUT,
      layout: 'NCHW',
      shape: [1, 3, H, W],
      channels: 'RGB',
      // value = byte / 255: a range scaling, mean 0 and std 1.
      range: [0, 1],
      mean: [0, 0, 0],
      std: [1, 1, 1],
      // Images of the training size are resized (fit: fill) to the working size first, and transparency is
      // flattened onto white.
      imageSize: { width: model.width, height: model.height },
      workingSize: { width: W, height: H },
    },
    outputs: {
      [ONNX_OUTPUTS.score]: 'the image score; anomalous when it reaches the threshold',
      [ONNX_OUTPUTS.probability]: 'sigmoid((score - threshold) / confidenceScale)',
      [ONNX_OUTPUTS.isAnomalous]: 'score >= threshold',
      [ONNX_OUTPUTS.confidence]: 'confidence in the verdict, as DetectAnomalies returns it',
      [ONNX_OUTPUTS.map]: `per-cell anomaly scores on a ${gw}x${gh} grid of ${GRID_STRIDE}-pixel cells of the working image`,
      ...(labels.length ? { [ONNX_OUTPUTS.labels]: 'per-cell score of each label (order of labels)' } : {}),
      ...(registration
        ? {
            [ONNX_OUTPUTS.offset]:
              'aligned parts: [x, y] in working pixels; the maps are of the image registered onto the pose of the training images, whose pixel (x, y) is pixel (x + offset[0], y + offset[1]) of the working image',
          }
        : {}),
    },
    threshold: model.image.threshold,
    confidenceScale: model.image.scale,
    labels: model.modelType === 'segmentation' ? model.labels : [],
    segmentation:
      labels.length > 0
        ? {
            pixelThreshold: model.pixelThreshold,
            regionPeakRatio: model.regionPeakRatio,
            maskThreshold: model.maskThreshold ?? model.pixelThreshold,
            // Per label: the squared colour distance a painted pixel needs to stay in the mask (0 keeps all).
            maskRefinement: model.maskRefinement ?? labels.map(() => 0),
            // Per label: weights of log(region cells) and of the region's elongation.
            regionTerms: labels.map((l) => [l.weights[dim + mapCount], l.weights[dim + mapCount + 1]]),
            postProcessing: [
              `Regions: 4-connected cells of ${ONNX_OUTPUTS.map} at or above pixelThreshold; keep those whose peak rise over it is at least regionPeakRatio of the strongest region's. Only for anomalous images.`,
              `Label of a region: the label with the largest mean of ${ONNX_OUTPUTS.labels} over its cells + regionTerms[label] · [ln(cells), elongation], elongation = ½·ln(major/minor eigenvalue of the cells' coordinate covariance + 1/12).`,
              `Mask: ${ONNX_OUTPUTS.map} upsampled bilinearly (cell centres at block centres) to the working size; pixels at or above maskThreshold take their cell's label, else the strongest labelled neighbouring cell's.`,
              ...(registration
                ? [
                    `Registration: the refinement reads the registered image (working pixel (x + ${ONNX_OUTPUTS.offset}[0], y + ${ONNX_OUTPUTS.offset}[1]) at (x, y), mirrored at the edges), and the refined mask is moved back by the offset before it is scaled (pixels it uncovers are background).`,
                  ]
                : []),
              `Refinement: the unpainted pixels of the ${GRID_STRIDE}-pixel cells within ${RING_CELLS} cells (Chebyshev) of a cell holding a painted pixel give a mean RGB (0–255) and a covariance (+${COLOUR_RIDGE} on its diagonal); if there are at least ${MIN_RING_PIXELS} of them, a painted pixel whose squared Mahalanobis distance to them is below maskRefinement[its label] is cleared. Then the mask is scaled to the image (nearest neighbour).`,
            ],
          }
        : undefined,
  };
  return { model: g.encode('lookout_vision_model', 'Lookout for Vision anomaly detection model'), metadata };
}
