import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageStatistics } from '../../src/engine/ml/analysis';
import { fitNormality, scoreCells, whitenMap } from '../../src/engine/ml/normality';
import { blockEnergies, smoothGrid } from '../../src/engine/ml/kernels';
import { createRng } from '../../src/engine/ml/rng';

// The WebAssembly kernels (src/engine/ml/kernels.wat) must give what the plain definitions give, up to f32 rounding.
describe('scoring kernels', () => {
  const rng = createRng(7);
  const randomArray = (n: number, f: () => number) => Float32Array.from({ length: n }, f);
  const close = (got: number, want: number, what: string) =>
    assert.ok(Math.abs(got - want) <= 1e-5 * (1 + Math.abs(want)), `${what}: ${got} vs ${want}`);

  it('whitens blocks of cells, including a partial last block, as the plain matrix product', () => {
    for (const [dim, cells] of [
      [5, 19],
      [50, 37],
      [3, 1],
    ]) {
      const whiten = new Float64Array(dim * dim);
      for (let i = 0; i < dim; i++) for (let k = 0; k <= i; k++) whiten[i * dim + k] = rng() - 0.5;
      const mean = Float64Array.from({ length: dim }, () => rng());
      const features = randomArray(cells * dim, rng);
      const white = whitenMap({ dim, mean, whiten }, features);
      assert.equal(white.length, cells * dim);
      for (let c = 0; c < cells; c++) {
        for (let i = 0; i < dim; i++) {
          let s = 0;
          for (let k = 0; k <= i; k++) s += whiten[i * dim + k] * (features[c * dim + k] - mean[k]);
          close(white[c * dim + i], s, `dim ${dim}, cell ${c}, element ${i}`);
        }
      }
    }
  });

  it('scores each cell as the plain gaussian, nearest-centroid and positional distances', () => {
    const dim = 6;
    const cells = 30;
    const maps = Array.from({ length: 5 }, () => randomArray(cells * dim, () => rng() * 4));
    const model = fitNormality(maps, dim, createRng(1));
    const { white, raw } = scoreCells(model, maps[0]);
    assert.deepEqual(white, whitenMap(model, maps[0]));
    const [gaussian, codebook, positional] = raw;
    const k = model.centroids.length / dim;
    for (let c = 0; c < cells; c++) {
      let best = Infinity;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += (white[c * dim + d] - model.centroids[j * dim + d]) ** 2;
        best = Math.min(best, s);
      }
      let g = 0;
      let p = 0;
      for (let d = 0; d < dim; d++) {
        const i = c * dim + d;
        g += white[i] ** 2;
        p += (white[i] - model.posMean[i]) ** 2 * model.posIvar[i];
      }
      close(gaussian[c], g, `gaussian, cell ${c}`);
      // Computed as |x|² + |c|² − 2·x·c: equal up to rounding.
      close(codebook[c], best, `codebook, cell ${c}`);
      close(positional[c], p, `positional, cell ${c}`);
    }
  });

  it('smooths each plane as plain [1 2 1]/4 passes with replicated borders, any width', () => {
    const plain = (src: Float32Array, w: number, h: number, passes: number) => {
      let a = Array.from(src);
      const at = (x: number, y: number) =>
        a[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
      for (let p = 0; p < passes; p++) {
        const alongX = a.map((_, i) => {
          const x = i % w;
          const y = (i - x) / w;
          return 0.25 * at(x - 1, y) + 0.5 * at(x, y) + 0.25 * at(x + 1, y);
        });
        a = alongX;
        a = alongX.map((_, i) => {
          const x = i % w;
          const y = (i - x) / w;
          return 0.25 * at(x, y - 1) + 0.5 * at(x, y) + 0.25 * at(x, y + 1);
        });
      }
      return a;
    };
    for (const [w, h, planes, passes] of [
      [1, 1, 1, 1],
      [1, 6, 2, 2],
      [2, 3, 1, 4],
      [7, 5, 3, 1],
      [64, 64, 2, 4],
    ]) {
      const data = randomArray(w * h * planes, () => rng() * 10 - 5);
      const smooth = smoothGrid(data, w, h, passes);
      for (let p = 0; p < planes; p++) {
        const want = plain(data.subarray(p * w * h, (p + 1) * w * h), w, h, passes);
        want.forEach((v, i) => close(smooth[p * w * h + i], v, `${w}×${h} plane ${p} value ${i}`));
      }
    }
  });

  it('sums gradient and Laplacian energies per block as the plain central differences', () => {
    for (const [w, h, block] of [
      [16, 12, 4],
      [10, 6, 2],
      [5, 3, 1],
      [1, 1, 1],
    ]) {
      const img = randomArray(w * h, rng);
      const at = (x: number, y: number) =>
        img[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
      const gw = w / block;
      const cells = gw * (h / block);
      const want = new Float64Array(6 * cells);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const gx = 0.5 * (at(x + 1, y) - at(x - 1, y));
          const gy = 0.5 * (at(x, y + 1) - at(x, y - 1));
          const lap = at(x, y) - 0.25 * (at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1));
          const cell = Math.floor(y / block) * gw + Math.floor(x / block);
          [
            gx * gx,
            gy * gy,
            0.5 * (gx + gy) ** 2,
            0.5 * (gx - gy) ** 2,
            lap * lap,
            gx * gx + gy * gy,
          ].forEach((v, k) => (want[k * cells + cell] += v / (block * block)));
        }
      }
      const oriented = blockEnergies(img, w, h, block, true);
      const plain = blockEnergies(img, w, h, block, false);
      assert.equal(oriented.length, 5 * cells);
      assert.equal(plain.length, cells);
      for (let i = 0; i < 5 * cells; i++) close(oriented[i], want[i], `${w}×${h}/${block}: oriented ${i}`);
      for (let c = 0; c < cells; c++) close(plain[c], want[5 * cells + c], `${w}×${h}/${block}: plain ${c}`);
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
