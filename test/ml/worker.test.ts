import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DatasetRuleError, trainModel, trainModelInWorker } from '../../src/engine/ml';
import { SynthDataset } from '../support/synth/generate';
import { classificationData, tempDir } from './fixtures';

describe('training in a worker thread', () => {
  let data: SynthDataset;
  before(async () => {
    data = await classificationData(41);
  });

  it('gives the same result as training in this thread', async () => {
    const input = { train: data.train, test: data.test, seed: 9 };
    const inWorker = await trainModelInWorker({ ...input, modelDir: tempDir() });
    const here = await trainModel({ ...input, modelDir: tempDir() });
    assert.deepEqual(inWorker, here);
  });

  it('rejects rule errors as DatasetRuleError', async () => {
    await assert.rejects(
      trainModelInWorker({ train: data.train.slice(0, 5), test: data.test, seed: 1, modelDir: tempDir() }),
      (err: unknown) => err instanceof DatasetRuleError && /at least 10 normal images/.test(err.message),
    );
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = trainModelInWorker(
      { train: data.train, test: data.test, seed: 1, modelDir: tempDir() },
      controller.signal,
    );
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(run, (err: unknown) => (err as Error).name === 'AbortError');
    assert.ok(Date.now() - started < 2000);
    const aborted = AbortSignal.abort();
    await assert.rejects(trainModelInWorker({ train: data.train, seed: 1, modelDir: tempDir() }, aborted));
  });
});
