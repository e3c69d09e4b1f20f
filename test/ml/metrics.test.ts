import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  auroc,
  averagePrecision,
  bestF1Threshold,
  prf,
  quantile,
  quantiles,
} from '../../src/engine/ml/metrics';

describe('metrics', () => {
  it('computes AUROC with ties counted one half', () => {
    assert.equal(auroc([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1]), 1);
    assert.equal(auroc([0.4, 0.3, 0.2, 0.1], [0, 0, 1, 1]), 0);
    assert.equal(auroc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]), 0.5);
    assert.equal(auroc([0.1, 0.3, 0.2, 0.4], [0, 1, 1, 0]), 0.5);
    assert.ok(Number.isNaN(auroc([1, 2], [1, 1])));
  });

  it('computes average precision', () => {
    assert.equal(averagePrecision([0.9, 0.8, 0.1], [1, 1, 0]), 1);
    // Ranked: pos, neg, pos -> (1/1 + 2/3) / 2
    assert.ok(Math.abs(averagePrecision([0.9, 0.8, 0.7], [1, 0, 1]) - (1 + 2 / 3) / 2) < 1e-12);
  });

  it('places the best-F1 threshold between the classes', () => {
    const { threshold, f1 } = bestF1Threshold([0.1, 0.2, 0.6, 0.9], [0, 0, 1, 1]);
    assert.equal(f1, 1);
    assert.equal(threshold, 0.4);
    assert.deepEqual(prf({ tp: 3, fp: 1, fn: 1 }), { precision: 0.75, recall: 0.75, f1: 0.75 });
  });

  it('counts each sample by its weight when it places the best-F1 threshold', () => {
    const scores = [0.9, 0.5, 0.4, 0.1];
    const labels = [1, 0, 1, 0];
    // One false positive costs less than the anomaly at 0.4 gains: F1 0.8 at 0.25 against 0.67 at 0.7.
    assert.ok(Math.abs(bestF1Threshold(scores, labels).threshold - 0.25) < 1e-12);
    assert.ok(Math.abs(bestF1Threshold(scores, labels, [1, 1, 1, 1]).threshold - 0.25) < 1e-12);
    // The negative at 0.5 counting three times: F1 0.57 at 0.25, so the line goes above it.
    const weighted = bestF1Threshold(scores, labels, [1, 3, 1, 1]);
    assert.ok(Math.abs(weighted.threshold - 0.7) < 1e-12);
    assert.ok(Math.abs(weighted.f1 - 2 / 3) < 1e-12);
  });

  it('interpolates quantiles', () => {
    assert.equal(quantile([3, 1, 2, 4], 0.5), 2.5);
    assert.equal(quantile([5], 0.99), 5);
    assert.deepEqual(quantiles([3, 1, 2, 4, 5], [0, 0.5, 0.875, 1]), [1, 3, 4.5, 5]);
    assert.ok(Number.isNaN(quantiles([], [0.5])[0]));
  });
});
