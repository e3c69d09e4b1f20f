import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CellAnalysis,
  DEVIATION_INPUTS,
  cellLogits,
  pixelInputWidth,
  writePixelInputs,
  smoothAlongLines,
  upperMedian,
  withSupervised,
} from '../../src/engine/ml/analysis';
import { smoothGrid } from '../../src/engine/ml/kernels';
import { LogisticModel, fitLogistic } from '../../src/engine/ml/logistic';
import { auroc } from '../../src/engine/ml/metrics';
import { createRng, normal } from '../../src/engine/ml/rng';

// The per-cell classifier's map is read relative to normal images: a rise of every cell is not a defect.
describe('supervised map', () => {
  const rng = createRng(3);
  const gw = 9;
  const gh = 7;
  const cells = gw * gh;
  const dim = 4;
  const analysis: CellAnalysis = {
    gw,
    gh,
    white: Float32Array.from({ length: cells * dim }, () => rng() * 2 - 1),
    maps: [Float32Array.from({ length: cells }, () => rng())],
  };
  const base: LogisticModel = {
    mean: new Float64Array(1 + dim),
    scale: new Float64Array(1 + dim).fill(1),
    weights: Float64Array.from({ length: 1 + dim }, () => rng() - 0.5),
    bias: 0,
  };
  const shifted = (bias: number): LogisticModel => ({ ...base, bias });
  const map = (model: LogisticModel, normalMedian?: number) =>
    withSupervised(analysis, { classifier: model, normalMedian }).supervised!;
  const close = (a: Float32Array, b: Float32Array, offset: number) =>
    a.forEach((v, c) =>
      assert.ok(Math.abs(v - (b[c] + offset)) < 1e-4, `cell ${c}: ${v} vs ${b[c]} + ${offset}`),
    );

  it('takes the upper median of the log-odds as the image`s median cell', () => {
    const logits = Array.from({ length: cells }, (_, c) => {
      let eta = base.bias;
      for (let j = 0; j <= dim; j++) {
        const x = j === 0 ? analysis.maps[0][c] : analysis.white[c * dim + j - 1];
        eta += base.weights[j] * x;
      }
      return Math.fround(eta);
    }).sort((a, b) => a - b);
    assert.ok(Math.abs(upperMedian(cellLogits(analysis, base)) - logits[cells >> 1]) < 1e-5);
  });

  it('lowers a map whose every cell rose above normal images by that rise, and leaves lower maps alone', () => {
    const normalMedian = upperMedian(cellLogits(analysis, base));
    const reference = map(base, normalMedian);
    close(reference, map(base), 0);
    // Every cell 3 higher (another part of the material): the same map as the normal image's.
    close(map(shifted(3), normalMedian), reference, 0);
    // Every cell 3 lower: nothing is added, the map stays 3 lower.
    close(map(shifted(-3), normalMedian), reference, -3);
    // Models saved before the rule read the raw map.
    close(map(shifted(3)), reference, 3);
  });

  it('keeps a local defect on a risen map', () => {
    const normalMedian = upperMedian(cellLogits(analysis, base));
    const defect = { ...analysis, maps: [analysis.maps[0].slice()] };
    for (const c of [30, 31, 32]) defect.maps[0][c] += 20 / (base.weights[0] || 1);
    const risen = withSupervised(defect, { classifier: shifted(3), normalMedian }).supervised!;
    const plain = withSupervised(defect, { classifier: base, normalMedian }).supervised!;
    close(risen, plain, 0);
    assert.ok(Math.max(...risen) > Math.max(...map(base, normalMedian)) + 1, 'the defect still stands out');
  });
});

// Defect kinds may move one feature both ways (a bright scratch and a dark crack on the same line channel).
describe('per-cell classifier inputs', () => {
  const gw = 16;
  const gh = 16;
  const cells = gw * gh;
  const dim = 3;
  /** Normal cells spread around 0 on every whitened feature; cells in the top rows deviate ±4 on feature 0. */
  function image(seed: number): { analysis: CellAnalysis; truth: Uint8Array } {
    const rng = createRng(seed);
    const gauss = () => normal(rng);
    const white = Float32Array.from({ length: cells * dim }, gauss);
    const truth = new Uint8Array(cells);
    for (let c = 0; c < 2 * gw; c++) {
      truth[c] = 1;
      white[c * dim] = (c % 2 ? 4 : -4) + 0.3 * gauss();
    }
    return { analysis: { gw, gh, white, maps: [new Float32Array(cells)] }, truth };
  }
  function fit(deviations: number): LogisticModel {
    const rows: Float32Array[] = [];
    const labels: number[] = [];
    let width = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const { analysis, truth } = image(seed);
      width = pixelInputWidth(analysis, deviations);
      for (let c = 0; c < cells; c++) {
        const row = new Float32Array(width);
        writePixelInputs(analysis, c, deviations, row, 0);
        rows.push(row);
        labels.push(truth[c]);
      }
    }
    const x = new Float32Array(rows.length * width);
    rows.forEach((r, i) => x.set(r, i * width));
    return fitLogistic(x, Uint8Array.from(labels), width, 1);
  }
  function separation(model: LogisticModel): number {
    const { analysis, truth } = image(9);
    const logits = cellLogits(analysis, model);
    return auroc(
      Array.from(logits),
      Array.from(truth, (t) => t === 1),
    );
  }

  it('finds deviations in either direction with deviation inputs, which one weight per feature cannot', () => {
    const linear = separation(fit(0));
    const both = separation(fit(DEVIATION_INPUTS));
    assert.ok(linear < 0.75, `linear inputs only: AUROC ${linear}`);
    assert.ok(both > 0.99, `with deviations: AUROC ${both}`);
  });
});

// A crack one cell wide lights one line of the supervised map: smoothing across it would halve it.
describe('supervised map smoothed along lines', () => {
  const gw = 12;
  const gh = 10;
  const grid = (lit: (x: number, y: number) => boolean) =>
    Float32Array.from({ length: gw * gh }, (_, c) => (lit(c % gw, Math.floor(c / gw)) ? 1 : 0));
  const at = (map: Float32Array, x: number, y: number) => map[y * gw + x];

  it('keeps a line one cell wide at full strength in every direction, where the 3×3 smoothing halves it', () => {
    const lines = {
      row: grid((_, y) => y === 4),
      column: grid((x) => x === 5),
      diagonal: grid((x, y) => x - y === 1),
      antidiagonal: grid((x, y) => x + y === 9),
    };
    for (const [name, line] of Object.entries(lines)) {
      const along = smoothAlongLines(line, gw, gh);
      const across = smoothGrid(line, gw, gh, 1);
      // A cell of the line away from the borders.
      const [x, y] =
        name === 'row' ? [6, 4] : name === 'column' ? [5, 5] : name === 'diagonal' ? [6, 5] : [5, 4];
      assert.equal(at(line, x, y), 1, name);
      assert.ok(Math.abs(at(along, x, y) - 1) < 1e-6, `${name}: ${at(along, x, y)}`);
      assert.ok(at(across, x, y) <= 0.5 + 1e-6, `${name} smoothed 3×3: ${at(across, x, y)}`);
    }
  });

  it('still averages a lone cell with its neighbours, and leaves a flat map and its borders as they are', () => {
    const lone = smoothAlongLines(
      grid((x, y) => x === 6 && y === 5),
      gw,
      gh,
    );
    assert.ok(Math.abs(at(lone, 6, 5) - 0.5) < 1e-6);
    assert.ok(Math.abs(at(lone, 7, 6) - 0.25) < 1e-6);
    assert.equal(at(lone, 9, 9), 0);
    const flat = smoothAlongLines(new Float32Array(gw * gh).fill(-2), gw, gh);
    assert.ok(flat.every((v) => Math.abs(v + 2) < 1e-6));
  });
});
