import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng, normal } from '../../src/engine/ml/rng';
import { crossFittedDecisions, decision } from '../../src/engine/ml/threshold';

/** Scores that overlap: anomalies centred at 1, normals at 0, both with unit spread. */
function overlapping(n: number, seed: number): { scores: number[]; labels: boolean[] } {
  const rng = createRng(seed);
  const labels = Array.from({ length: n }, (_, i) => i % 2 === 0);
  return { scores: labels.map((l) => (l ? 1 : 0) + normal(rng)), labels };
}

describe('cross-fitted threshold', () => {
  it('judges every image by a threshold chosen on the other folds only (its own label plays no part)', () => {
    const { scores, labels } = overlapping(50, 3);
    const { decisions, folds } = crossFittedDecisions(scores, labels, 5, createRng(2));
    const groups = [...new Set(decisions)];
    assert.equal(groups.length, folds);
    for (const d of groups) {
      const rest = decisions.map((x, i) => (x === d ? -1 : i)).filter((i) => i >= 0);
      const expected = decision(
        rest.map((i) => scores[i]),
        rest.map((i) => labels[i]),
      );
      assert.deepEqual(d, expected);
    }
  });

  it('reports a lower F1 than the optimistic in-sample threshold on overlapping scores', () => {
    let inSample = 0;
    let crossed = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { scores, labels } = overlapping(40, seed);
      const f1 = (pred: boolean[]) => {
        let tp = 0;
        let fp = 0;
        let fn = 0;
        pred.forEach((p, i) => {
          if (p && labels[i]) tp++;
          else if (p) fp++;
          else if (labels[i]) fn++;
        });
        return (2 * tp) / Math.max(1, 2 * tp + fp + fn);
      };
      const all = decision(scores, labels);
      inSample += f1(scores.map((s) => s >= all.threshold));
      const { decisions } = crossFittedDecisions(scores, labels, 5, createRng(seed));
      crossed += f1(scores.map((s, i) => s >= decisions[i].threshold));
    }
    // The in-sample figure is optimistic by construction; the cross-fitted one is not.
    assert.ok(crossed < inSample, `cross-fitted ${crossed / 20} vs in-sample ${inSample / 20}`);
  });

  it('falls back to one decision when the labels hold a single class', () => {
    const scores = [0.1, 0.4, 0.2, 0.9];
    const { decisions, folds } = crossFittedDecisions(scores, [false, false, false, false], 5, createRng(1));
    assert.equal(folds, 1);
    assert.ok(decisions.every((d) => d.threshold === decisions[0].threshold));
  });
});

describe('threshold with synthetic anomalies', () => {
  // Forty normals up to 1 (none between 0.5 and 0.8), real anomalies from 5: alone, the line is drawn midway (3).
  const normals = [...Array.from({ length: 38 }, (_, i) => (0.5 * i) / 37), 0.8, 1];
  const scores = [...normals, 5, 6, 7];
  const labels = [...normals.map(() => false), true, true, true];

  it('is drawn midway between real scores, wherever the synthetic ones fall', () => {
    assert.equal(decision(scores, labels).threshold, 3);
    // Faint synthetic anomalies just above the normals move the line below the real anomalies' gap no further
    // than the real scores allow: it stays mid-gap, not right above the highest normal.
    const faint = decision(scores, labels, undefined, { scores: [1.1, 1.2, 1.5], weight: 3 });
    assert.equal(faint.threshold, 3);
  });

  it('can move the line down past a real normal when enough synthetic anomalies lie above it', () => {
    // Synthetic anomalies between the normals 0.5 and 0.8 outweigh the two normals they would flag.
    const moved = decision(scores, labels, undefined, { scores: [0.6, 0.65, 0.7, 0.75, 0.9], weight: 5 });
    assert.equal(moved.threshold, (0.5 + 0.8) / 2);
    // Weighed lightly, they do not.
    const light = decision(scores, labels, undefined, { scores: [0.6, 0.65, 0.7, 0.75, 0.9], weight: 0.5 });
    assert.equal(light.threshold, 3);
  });
});

describe('threshold when anomalies are common', () => {
  it('does not flag normal images to catch the faintest anomalies when anomalies outnumber them', () => {
    // Ten normals 0.1 … 1; thirty anomalies, six of them faint (0.85, below the two highest normals). Counted as
    // they are, the best F1 flags the normals 0.9 and 1 to catch the faint six; anomalies weighed as one image in
    // five, the line stays above every normal, midway to the clear anomalies.
    const normals = Array.from({ length: 10 }, (_, i) => (i + 1) / 10);
    const anomalies = [
      ...Array.from({ length: 6 }, () => 0.85),
      ...Array.from({ length: 24 }, (_, i) => 5 + i / 12),
    ];
    const d = decision(
      [...normals, ...anomalies],
      [...normals.map(() => false), ...anomalies.map(() => true)],
    );
    assert.equal(d.threshold, 3);
  });
});
