import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageStatistics } from '../../src/engine/ml/analysis';
import { fitNormality, rawScores, whitenMap } from '../../src/engine/ml/normality';
import { createRng } from '../../src/engine/ml/rng';

// The fast paths must give exactly what the plain definitions give: models and scores stay reproducible.
describe('scoring fast paths', () => {
  const rng = createRng(7);
  const randomArray = (n: number, f: () => number) => Float32Array.from({ length: n }, f);

  it('whitens blocks of cells, including a partial last block, as the plain matrix product', () => {
    const dim = 5;
    const cells = 19;
    const whiten = new Float64Array(dim * dim);
    for (let i = 0; i < dim; i++) for (let k = 0; k <= i; k++) whiten[i * dim + k] = rng() - 0.5;
    const mean = Float64Array.from({ length: dim }, () => rng());
    const features = randomArray(cells * dim, rng);
    const white = whitenMap({ dim, mean, whiten }, features);
    for (let c = 0; c < cells; c++) {
      for (let i = 0; i < dim; i++) {
        let s = 0;
        for (let k = 0; k <= i; k++) s += whiten[i * dim + k] * (features[c * dim + k] - mean[k]);
        assert.equal(white[c * dim + i], Math.fround(s));
      }
    }
  });

  it('finds the nearest centroid as the plain squared distances do', () => {
    const dim = 6;
    const maps = Array.from({ length: 5 }, () => randomArray(30 * dim, () => rng() * 4));
    const model = fitNormality(maps, dim, createRng(1));
    const white = whitenMap(model, maps[0]);
    const codebook = rawScores(model, white)[1];
    const k = model.centroids.length / dim;
    for (let c = 0; c < 30; c++) {
      let best = Infinity;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += (white[c * dim + d] - model.centroids[j * dim + d]) ** 2;
        best = Math.min(best, s);
      }
      // Computed as |x|² + |c|² − 2·x·c: equal up to rounding.
      assert.ok(Math.abs(codebook[c] - best) <= 1e-5 * (1 + best), `cell ${c}: ${codebook[c]} vs ${best}`);
    }
  });

  it('takes the maximum and the top-2 % mean of each map as a full sort does, ties included', () => {
    for (const cells of [1, 7, 64, 4096]) {
      const smooth = randomArray(cells, () => rng() * 10 - 5);
      const tied = randomArray(cells, () => Math.floor(rng() * 4));
      const stats = imageStatistics({ gw: cells, gh: 1, white: new Float32Array(0), maps: [smooth, tied] });
      [smooth, tied].forEach((m, i) => {
        const sorted = m.slice().sort();
        const top = Math.max(1, Math.round(cells * 0.02));
        let sum = 0;
        for (let j = cells - top; j < cells; j++) sum += sorted[j];
        assert.equal(stats[2 * i], sorted[cells - 1]);
        assert.equal(stats[2 * i + 1], Math.fround(sum / top));
      });
    }
  });
});
