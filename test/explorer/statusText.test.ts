// Rows in progress carry the service's note on how far it has got; ready datasets that cannot train say so.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { datasetStatusText, modelStatusText, progressMessage } from '../../src/explorer/statusText';

test('a training row shows the stage the engine reports', () => {
  assert.equal(
    modelStatusText({ Status: 'TRAINING', StatusMessage: 'Training: extracting features 40 %' }),
    'training… extracting features 40 %',
  );
  assert.equal(modelStatusText({ Status: 'TRAINING', StatusMessage: 'Training started' }), 'training…');
  assert.equal(modelStatusText({ Status: 'TRAINING' }), 'training…');
  // Other services' words are kept.
  assert.equal(
    modelStatusText({ Status: 'TRAINING', StatusMessage: 'Training in progress.' }),
    'training… in progress.',
  );
});

test('an importing row shows the lines read', () => {
  assert.equal(
    datasetStatusText({
      Status: 'CREATE_IN_PROGRESS',
      StatusMessage: 'Importing the manifest: 12,000 of about 50,000 lines read',
    }),
    'importing… 12,000 of about 50,000 lines read',
  );
  assert.equal(
    datasetStatusText({ Status: 'CREATE_IN_PROGRESS', StatusMessage: 'Importing the manifest' }),
    'importing…',
  );
});

test('a ready dataset that falls short of the minimums says so after its counts', () => {
  const ready = { Status: 'CREATE_COMPLETE', ImageStats: { Total: 32, Anomaly: 12 } } as const;
  assert.equal(datasetStatusText(ready), '32 images · 12 anomalous');
  assert.equal(datasetStatusText(ready, false), '32 images · 12 anomalous · too few to train');
});

test('the progress notification shows the status and the note', () => {
  assert.equal(
    progressMessage('TRAINING', 'Training: choosing the scorer and threshold'),
    'TRAINING — choosing the scorer and threshold',
  );
  assert.equal(
    progressMessage('CREATE_IN_PROGRESS', 'Importing the manifest: 1,000 of about 9,000 lines read'),
    'CREATE_IN_PROGRESS — Importing the manifest: 1,000 of about 9,000 lines read',
  );
  assert.equal(progressMessage('TRAINING', undefined), 'TRAINING');
  assert.equal(progressMessage('TRAINING', '  '), 'TRAINING');
});
