// An evaluation manifest is read as data: fields of the wrong type are left out, not passed on to break the page.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluatedImage } from '../../src/panels/evaluationData';

test('an evaluation line keeps the fields of the right type and drops the others', () => {
  const good = JSON.stringify({
    'source-ref': 's3://b/a.png',
    'anomaly-label-metadata': { 'class-name': 'anomaly', 'anomaly-labels': ['scratch'] },
    'anomaly-label-detected-metadata': {
      'class-name': 'anomaly',
      confidence: 0.9,
      'anomaly-labels-detected': ['scratch', 'dent'],
    },
    'anomaly-mask-ref-detected': 's3://b/m.png',
  });
  assert.deepEqual(evaluatedImage(good), {
    source: 's3://b/a.png',
    expected: 'anomaly',
    predicted: 'anomaly',
    confidence: 0.9,
    labels: ['scratch', 'dent'],
    trueLabels: ['scratch'],
    predictedMask: 's3://b/m.png',
    line: good,
  });
  const bad = JSON.stringify({
    'source-ref': 's3://b/a.png',
    'anomaly-label-metadata': 'anomaly',
    'anomaly-label-detected-metadata': {
      'class-name': 1,
      confidence: 'high',
      'anomaly-labels-detected': 'scratch',
    },
    'anomaly-mask-ref-detected': 7,
  });
  const image = evaluatedImage(bad);
  for (const field of [
    'expected',
    'predicted',
    'confidence',
    'labels',
    'trueLabels',
    'predictedMask',
  ] as const)
    assert.equal(image[field], undefined, field);
});
