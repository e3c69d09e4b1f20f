import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NormalityModel, SCORERS, normaliseScores, setNorms } from '../../src/engine/ml/normality';
import { createRng, normal } from '../../src/engine/ml/rng';

// Score normalisation per ring of cells (normality.ts): border cells, whose features come from clamped
// neighbourhoods, score higher on normal images and must not be read as the most unusual part of every image.
describe('score normalisation', () => {
  const gw = 12;
  const gh = 9;
  const border = (c: number) => {
    const x = c % gw;
    const y = Math.floor(c / gw);
    return Math.min(x, y, gw - 1 - x, gh - 1 - y) === 0;
  };
  const model = (): NormalityModel => ({
    dim: 1,
    cells: gw * gh,
    mean: new Float64Array(1),
    whiten: new Float64Array(1),
    centroids: new Float32Array(1),
    posMean: new Float32Array(gw * gh),
    posIvar: new Float32Array(gw * gh),
    norms: Float64Array.from(SCORERS.flatMap(() => [0, 1])),
  });
  // Normal images' raw scores: the outermost ring about 50 % higher and wider than the inside, as measured.
  const rng = createRng(3);
  const normalMaps = () =>
    SCORERS.map(() =>
      Float32Array.from({ length: gw * gh }, (_, c) =>
        border(c) ? 30 + 3 * normal(rng) : 20 + 2 * normal(rng),
      ),
    );
  const median = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1];

  it('brings every ring of normal cells to the same level', () => {
    const m = model();
    setNorms(m, Array.from({ length: 40 }, normalMaps), gw, gh);
    const [map] = normaliseScores(m, normalMaps(), gw, gh);
    const cells = Array.from(map.keys());
    const outer = median(cells.filter(border).map((c) => map[c]));
    const inner = median(cells.filter((c) => !border(c)).map((c) => map[c]));
    assert.ok(Math.abs(outer) < 0.3 && Math.abs(inner) < 0.3, `medians ${outer}, ${inner}`);
    // A cell inside 10 points above normal stands out above every normal border cell.
    const withDefect = normalMaps();
    const inside = gw * 4 + 5;
    withDefect[0][inside] = 30;
    const [scored] = normaliseScores(m, withDefect, gw, gh);
    const borderMax = Math.max(...cells.filter(border).map((c) => scored[c]));
    assert.ok(scored[inside] > borderMax, `${scored[inside]} vs border ${borderMax}`);
  });

  it('gives finite norms to a grid too narrow for the inner rings', () => {
    const m = model();
    setNorms(m, [SCORERS.map(() => Float32Array.from([1, 2, 3, 4]))], 2, 2);
    assert.ok(m.norms.every(Number.isFinite), `${m.norms}`);
    const [map] = normaliseScores(m, [Float32Array.from([1, 2, 3, 4])], 2, 2);
    assert.ok(map.every(Number.isFinite));
  });

  it('reads a model saved before the rings with one normalisation for all cells', () => {
    const m = model();
    m.norms = Float64Array.from(SCORERS.flatMap(() => [20, 5]));
    const maps = SCORERS.map(() => new Float32Array(gw * gh).fill(25));
    for (const map of normaliseScores(m, maps, gw, gh))
      for (const v of map) assert.ok(Math.abs(v - Math.log1p(1)) < 1e-6);
  });
});
