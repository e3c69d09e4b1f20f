import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CellAnalysis } from '../../src/engine/ml/analysis';
import { fitLogistic, logit } from '../../src/engine/ml/logistic';
import { findRegions, regionFeatures, selectRegions } from '../../src/engine/ml/regions';
import { createRng } from '../../src/engine/ml/rng';

const grid = (rows: string[]) => Float32Array.from(rows.join(''), (ch) => Number(ch));

describe('regions', () => {
  const map = grid(['9900000', '9900050', '0000050', '0000000', '2000000']);

  it('finds 4-connected regions over the threshold', () => {
    assert.deepEqual(findRegions(map, 7, 5, 2), [[0, 1, 7, 8], [12, 19], [28]]);
  });

  it('drops regions whose peak is weak next to the strongest one', () => {
    assert.deepEqual(selectRegions(map, 7, 5, 2, 0.4), [
      [0, 1, 7, 8],
      [12, 19],
    ]);
    assert.deepEqual(selectRegions(map, 7, 5, 2, 0), findRegions(map, 7, 5, 2));
  });

  it('describes a thin line as elongated and a square as not, and how far its features deviate either way', () => {
    const dim = 2;
    const analysis: CellAnalysis = {
      gw: 8,
      gh: 8,
      white: new Float32Array(64 * dim),
      maps: [new Float32Array(64)],
    };
    // The line's first feature is 3 above normal on half its cells and 3 below on the others.
    [8, 9, 10, 11, 12, 13].forEach((c, i) => (analysis.white[c * dim] = i % 2 ? 3 : -3));
    const line = regionFeatures(analysis, [8, 9, 10, 11, 12, 13]);
    const square = regionFeatures(analysis, [0, 1, 8, 9]);
    // [white (2), maps (1), ln(cells), elongation, deviations (2)]
    const elongation = (f: Float32Array) => f[dim + 2];
    assert.equal(line.length, dim + 3 + dim);
    assert.ok(elongation(line) > 1.5, `line ${elongation(line)}`);
    assert.ok(Math.abs(elongation(square)) < 1e-9, `square ${elongation(square)}`);
    assert.ok(Math.abs(line[dim + 1] - Math.log(6)) < 1e-6);
    assert.ok(Math.abs(line[0]) < 1e-6, 'the mean whitened feature cancels');
    assert.ok(Math.abs(line[dim + 3] - Math.log(10)) < 1e-5, `deviation ${line[dim + 3]}`);
    assert.equal(line[dim + 4], 0);
  });

  it("reads a registered part's regions as what changed from the normal part there, and textures as they are", () => {
    const dim = 2;
    const cells = 16;
    // The normal part: dark (first feature −4) on its left half, bright (+4) on its right half.
    const normalPart = new Float32Array(cells * dim);
    for (let c = 0; c < cells; c++) normalPart[c * dim] = c % 4 < 2 ? -4 : 4;
    // The same defect (first feature +1, second +2 from normal) on each half.
    const white = Float32Array.from(normalPart);
    for (const c of [0, 2]) {
      white[c * dim] += 1;
      white[c * dim + 1] += 2;
    }
    const analysis = (offset?: { x: number; y: number }): CellAnalysis => ({
      gw: 4,
      gh: 4,
      white,
      maps: [new Float32Array(cells)],
      ...(offset ? { offset } : {}),
    });
    const part = analysis({ x: 1, y: 0 });
    const onDark = regionFeatures(part, [0], normalPart);
    const onBright = regionFeatures(part, [2], normalPart);
    assert.deepEqual(onDark, onBright);
    assert.deepEqual([onDark[0], onDark[1]], [1, 2]);
    // [white (2), maps (1), ln(cells), elongation, deviations (2)]: log(1 + w²) of the change.
    assert.ok(Math.abs(onDark[dim + 3] - Math.log(2)) < 1e-6);
    // Not registered (a texture): the whitened features as they are, whatever is passed.
    const texture = regionFeatures(analysis(), [0], normalPart);
    assert.deepEqual([texture[0], texture[1]], [-3, 2]);
    assert.deepEqual(regionFeatures(analysis(), [0]), texture);
  });
});

describe('logistic regression', () => {
  it('learns a separable rule and ranks held-out samples', () => {
    const rng = createRng(4);
    const sample = (n: number) => {
      const x = new Float32Array(n * 2);
      const y = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        x[2 * i] = rng() * 4 - 2;
        x[2 * i + 1] = rng() * 4 - 2;
        y[i] = x[2 * i] + 0.5 * x[2 * i + 1] > 0.3 ? 1 : 0;
      }
      return { x, y };
    };
    const train = sample(200);
    const model = fitLogistic(train.x, train.y, 2, 0.1);
    const test = sample(100);
    let correct = 0;
    for (let i = 0; i < 100; i++) if (logit(model, test.x, 2 * i) > 0 === (test.y[i] === 1)) correct++;
    assert.ok(correct >= 95, `${correct}/100 correct`);
  });
});
