import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { openDetector, trainModel, TrainingResult } from '../../src/engine/ml';
import { analyzeImage } from '../../src/engine/ml/detect';
import { GRID_STRIDE } from '../../src/engine/ml/image';
import { auroc } from '../../src/engine/ml/metrics';
import { loadModel } from '../../src/engine/ml/model';
import { SynthDataset, generateDataset } from '../support/synth/generate';
import { proceduralTexture } from '../support/synth/texture';
import { SIZE, anomalyScore, classificationData, tempDir } from './fixtures';

describe('classification model', () => {
  let data: SynthDataset;
  let modelDir: string;
  let result: TrainingResult;
  before(async () => {
    data = await classificationData();
    modelDir = tempDir();
    result = await trainModel({ train: data.train, test: data.test, seed: 7, modelDir });
  });

  it('reports evaluation on the test images', () => {
    assert.equal(result.modelType, 'classification');
    assert.equal(result.trainingImages, data.train.length);
    assert.equal(result.testingImages, data.test.length);
    assert.equal(result.records.length, data.test.length);
    assert.deepEqual(result.labels, []);
    assert.ok(result.rocAuc >= 0.9, `rocAuc ${result.rocAuc}`);
    assert.ok(result.performance.f1 >= 0.8, `f1 ${result.performance.f1}`);
    for (const r of result.records) {
      assert.ok(r.confidence >= 0.5 && r.confidence <= 1, `confidence ${r.confidence}`);
      assert.equal(r.labelsFound, undefined);
    }
  });

  it('separates held-out defects from normal images at detection', async () => {
    const detector = await openDetector(modelDir, { workers: 0 });
    assert.equal(detector.width, 128);
    const results = [];
    for (const image of data.test) results.push(await detector.detect(image.bytes));
    await detector.close();
    const auc = auroc(
      results.map(anomalyScore),
      data.test.map((i) => i.anomalous),
    );
    assert.ok(auc >= 0.9, `detection AUROC ${auc}`);
    for (const r of results) {
      assert.equal(r.Anomalies, undefined);
      assert.equal(r.AnomalyMask, undefined);
    }
  });

  it('learns where defects are from whole-image labels: its cell classifier points at them', async () => {
    const model = await loadModel(modelDir);
    assert.ok(model.pixelClassifier, 'no cell classifier learnt from the training anomalies');
    let onDefect = 0;
    const anomalies = data.test.filter((i) => i.anomalous);
    for (const image of anomalies) {
      const { analysis } = await analyzeImage(model, image.bytes);
      const map = analysis.supervised!;
      const peak = map.indexOf(Math.max(...map));
      // The strongest cell, or one next to it, holds a pixel of the defect.
      const [cx, cy] = [peak % analysis.gw, Math.floor(peak / analysis.gw)];
      let hit = false;
      for (let y = (cy - 1) * GRID_STRIDE; y < (cy + 2) * GRID_STRIDE && !hit; y++)
        for (let x = (cx - 1) * GRID_STRIDE; x < (cx + 2) * GRID_STRIDE && !hit; x++)
          hit = x >= 0 && y >= 0 && x < SIZE && y < SIZE && image.truth[y * SIZE + x] > 0;
      if (hit) onDefect++;
    }
    assert.ok(onDefect >= 0.8 * anomalies.length, `${onDefect} of ${anomalies.length} peaks on the defect`);
  });

  it('scores with an ensemble of members trained with other seeds: the mean of their calibrated scores', async () => {
    const model = await loadModel(modelDir);
    assert.equal(model.members?.length, 1, 'a second member, trained with another seed');
    const [other] = model.members!;
    assert.notDeepEqual(
      other.normality.centroids,
      model.normality.centroids,
      'the members drew their own codebooks',
    );
    const alone = [
      { ...model, members: undefined },
      { ...model, ...other, members: undefined },
    ];
    const calibrated = (m: { image: { threshold: number; scale: number } }, score: number) =>
      (score - m.image.threshold) / m.image.scale;
    for (const image of data.test) {
      const { score, isAnomalous } = await analyzeImage(model, image.bytes);
      const mean =
        (calibrated(alone[0], (await analyzeImage(alone[0], image.bytes)).score) +
          calibrated(alone[1], (await analyzeImage(alone[1], image.bytes)).score)) /
        2;
      assert.ok(Math.abs(calibrated(model, score) - mean) < 1e-9, `${calibrated(model, score)} vs ${mean}`);
      assert.equal(isAnomalous, mean >= 0);
    }
  });

  it('finds a kind of defect that none of its training anomalies shows', async () => {
    // Trained on stains, tested on thin scratches: its eight labelled anomalies alone taught the cell classifier
    // stains and set the threshold above every scratch (F1 0); synthetic anomalies teach any local change.
    const common = {
      source: proceduralTexture('cells', 384, 384, 11),
      size: SIZE,
      split: 'easy',
      masks: false,
    } as const;
    const stains = await generateDataset({
      ...common,
      counts: { trainNormal: 16, trainAnomalous: 8, testNormal: 0, testAnomalous: 0 },
      defects: ['stain'],
      seed: 4,
    });
    const scratches = await generateDataset({
      ...common,
      counts: { trainNormal: 0, trainAnomalous: 0, testNormal: 12, testAnomalous: 12 },
      defects: ['scratch'],
      seed: 8,
    });
    const unseen = await trainModel({
      train: stains.train,
      test: scratches.test,
      seed: 7,
      modelDir: tempDir(),
    });
    assert.ok(unseen.rocAuc >= 0.85, `rocAuc ${unseen.rocAuc}`);
    assert.ok(unseen.performance.f1 >= 0.8, `f1 ${unseen.performance.f1}`);
  });

  it('learns no cell classifier without training anomalies', async () => {
    const dir = tempDir();
    const normals = data.train.filter((i) => !i.anomalous);
    await trainModel({ train: normals, test: data.test, seed: 7, modelDir: dir });
    const model = await loadModel(dir);
    assert.equal(model.pixelClassifier, undefined);
    // Its image scorer is fixed and its threshold drawn on the test set: one member.
    assert.equal(model.members, undefined);
  });

  it('is deterministic for a given input and seed', async () => {
    const again = await trainModel({ train: data.train, test: data.test, seed: 7, modelDir: tempDir() });
    assert.deepEqual(again.records, result.records);
    assert.equal(again.rocAuc, result.rocAuc);
  });

  it('splits a single dataset itself, stratified', async () => {
    const all = [...data.train, ...data.test];
    const single = await trainModel({ train: all, seed: 3, modelDir: tempDir() });
    assert.equal(single.trainingImages + single.testingImages, all.length);
    const anomalousTest = single.records.filter((r) => r.anomalous).length;
    // 30 % of each class (28 normal, 20 anomalous) is held out.
    assert.equal(anomalousTest, 6);
    assert.equal(single.testingImages - anomalousTest, 8);
    const refs = new Set(all.map((i) => i.ref));
    for (const r of single.records) assert.ok(refs.has(r.ref));
  });

  it('says the threshold was chosen on out-of-fold training scores when training has anomalies', () => {
    assert.equal(result.threshold.source, 'training-cross-validation');
    assert.equal(result.threshold.members, 2, 'each of the two members drew its own');
  });

  it('cross-fits the threshold on the test set when training has no anomalies, and reports what it judged', async () => {
    const normalsOnly = await trainModel({
      train: data.train.filter((i) => !i.anomalous),
      test: data.test,
      seed: 5,
      modelDir: tempDir(),
    });
    assert.equal(normalsOnly.threshold.source, 'test-set-cross-fitted');
    assert.ok(normalsOnly.threshold.folds >= 2);
    // The reported figures are those of the records' (cross-fitted) verdicts.
    const counts = { tp: 0, fp: 0, fn: 0 };
    for (const r of normalsOnly.records) {
      if (r.predictedAnomalous && r.anomalous) counts.tp++;
      else if (r.predictedAnomalous) counts.fp++;
      else if (r.anomalous) counts.fn++;
    }
    assert.equal(normalsOnly.performance.f1, (2 * counts.tp) / (2 * counts.tp + counts.fp + counts.fn));
  });
});
