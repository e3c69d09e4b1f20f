// The evaluation curves and threshold figures against cases worked out by hand.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  anomalyScore,
  auc,
  averagePrecision,
  confusionAt,
  prCurve,
  rates,
  rocCurve,
  thresholdForFullRecall,
  type CurvePoint,
  type Scored,
} from '../../src/panels/evaluationMath';

// Three anomalies and three normal images; D and E tie at 0.4.
const images: Scored[] = [
  { anomalous: true, score: 0.9 }, // A
  { anomalous: false, score: 0.8 }, // B
  { anomalous: true, score: 0.7 }, // C
  { anomalous: false, score: 0.4 }, // D
  { anomalous: true, score: 0.4 }, // E
  { anomalous: false, score: 0.1 }, // F
];

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} is not ${expected}`);
}

function assertCurve(actual: CurvePoint[], expected: [number, number, number][]): void {
  assert.equal(actual.length, expected.length, JSON.stringify(actual));
  actual.forEach((p, i) => {
    close(p.x, expected[i][0], `x of point ${i}`);
    close(p.y, expected[i][1], `y of point ${i}`);
    assert.equal(p.threshold, expected[i][2], `threshold of point ${i}`);
  });
}

describe('evaluation maths', () => {
  it('turns a verdict and its confidence into an anomaly score', () => {
    assert.equal(anomalyScore(true, 0.9), 0.9);
    close(anomalyScore(false, 0.8), 0.2, 'normal at 0.8');
  });

  it('counts the confusion matrix at a threshold, a score at the threshold being anomalous', () => {
    assert.deepEqual(confusionAt(images, 0.5), { tp: 2, fp: 1, tn: 2, fn: 1 });
    assert.deepEqual(confusionAt(images, 0.4), { tp: 3, fp: 2, tn: 1, fn: 0 });
    assert.deepEqual(confusionAt(images, 0.95), { tp: 0, fp: 0, tn: 3, fn: 3 });
  });

  it('gives precision, recall, F1 and accuracy of a confusion', () => {
    const at05 = rates(confusionAt(images, 0.5));
    close(at05.precision, 2 / 3, 'precision');
    close(at05.recall, 2 / 3, 'recall');
    close(at05.f1, 2 / 3, 'F1');
    close(at05.accuracy, 4 / 6, 'accuracy');
    const at04 = rates(confusionAt(images, 0.4));
    close(at04.precision, 3 / 5, 'precision');
    assert.equal(at04.recall, 1);
    close(at04.f1, 0.75, 'F1');
  });

  it('leaves precision undefined when nothing is predicted anomalous, with F1 0', () => {
    const none = rates(confusionAt(images, 0.95));
    assert.ok(Number.isNaN(none.precision));
    assert.equal(none.recall, 0);
    assert.equal(none.f1, 0);
    assert.ok(Number.isNaN(rates({ tp: 0, fp: 0, tn: 0, fn: 0 }).accuracy));
  });

  it('draws the ROC curve through tied scores at once, and its area', () => {
    const roc = rocCurve(images);
    assertCurve(roc, [
      [0, 0, Infinity],
      [0, 1 / 3, 0.9],
      [1 / 3, 1 / 3, 0.8],
      [1 / 3, 2 / 3, 0.7],
      [2 / 3, 1, 0.4],
      [1, 1, 0.1],
    ]);
    // The Mann–Whitney count: 6.5 of the 9 anomaly/normal pairs ordered right (a tie counts half).
    close(auc(roc), 13 / 18, 'ROC AUC');
  });

  it('draws the precision–recall curve and its average precision', () => {
    const pr = prCurve(images);
    assertCurve(pr, [
      [1 / 3, 1, 0.9],
      [1 / 3, 1 / 2, 0.8],
      [2 / 3, 2 / 3, 0.7],
      [1, 3 / 5, 0.4],
      [1, 1 / 2, 0.1],
    ]);
    close(averagePrecision(pr), 1 / 3 + 2 / 9 + 1 / 5, 'average precision');
  });

  it('gives area 1 to a model that ranks every anomaly first', () => {
    const perfect = [
      { anomalous: true, score: 0.8 },
      { anomalous: false, score: 0.3 },
      { anomalous: true, score: 0.6 },
    ];
    assert.equal(auc(rocCurve(perfect)), 1);
    assert.equal(averagePrecision(prCurve(perfect)), 1);
  });

  it('finds the threshold recall 1.0 needs, and none without anomalies', () => {
    const t = thresholdForFullRecall(images);
    assert.equal(t, 0.4);
    assert.equal(rates(confusionAt(images, t!)).recall, 1);
    assert.ok(rates(confusionAt(images, 0.41)).recall < 1);
    const normals = images.filter((i) => !i.anomalous);
    assert.equal(thresholdForFullRecall(normals), undefined);
    assert.deepEqual(rocCurve(normals), []);
    assert.deepEqual(prCurve(normals), []);
  });
});
