import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addGram } from '../../src/engine/ml/linalg';
import { createRng, normal } from '../../src/engine/ml/rng';

describe('linear algebra', () => {
  it('adds the weighted Gram matrix of column-stored samples to the lower triangle, over several blocks', () => {
    const rng = createRng(11);
    // 2,500 samples: two full blocks and a partial one; 7 values per sample: one pass of four columns and three single.
    const n = 2500;
    const q = 7;
    const columns = Float64Array.from({ length: q * n }, () => normal(rng));
    const weights = Float64Array.from({ length: n }, () => rng());
    for (const w of [undefined, weights]) {
      const out = new Float64Array(q * q).fill(1);
      addGram(columns, n, q, out, w);
      for (let a = 0; a < q; a++) {
        for (let b = 0; b < q; b++) {
          if (b > a) {
            assert.equal(out[a * q + b], 1, 'the upper triangle is left as it was');
            continue;
          }
          let expected = 1;
          for (let i = 0; i < n; i++) expected += (w ? w[i] : 1) * columns[a * n + i] * columns[b * n + i];
          assert.ok(
            Math.abs(out[a * q + b] - expected) < 1e-9 * Math.max(1, Math.abs(expected)),
            `(${a}, ${b}): ${out[a * q + b]} ≠ ${expected}`,
          );
        }
      }
    }
  });
});
