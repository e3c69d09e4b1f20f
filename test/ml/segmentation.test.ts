import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import sharp from 'sharp';
import { DetectResult, openDetector, trainModel, TrainingResult } from '../../src/engine/ml';
import { auroc } from '../../src/engine/ml/metrics';
import { SynthDataset } from '../support/synth/generate';
import { SIZE, anomalyScore, segmentationData, tempDir } from './fixtures';

describe('segmentation model', () => {
  let data: SynthDataset;
  let result: TrainingResult;
  let detections: DetectResult[];
  before(async () => {
    data = await segmentationData();
    const modelDir = tempDir();
    result = await trainModel({ train: data.train, test: data.test, seed: 5, modelDir });
    const detector = await openDetector(modelDir, { workers: 0 });
    detections = [];
    for (const image of data.test) detections.push(await detector.detect(image.bytes));
    await detector.close();
  });

  it('is chosen from the masks and reports per-label metrics', () => {
    assert.equal(result.modelType, 'segmentation');
    assert.deepEqual(
      result.labels.map((l) => [l.name, l.color]),
      data.labels.map((l) => [l.name, l.color]),
    );
    for (const l of result.labels) {
      for (const v of [l.precision, l.recall, l.f1, l.meanIou]) assert.ok(v >= 0 && v <= 1);
      assert.ok(l.imagesFound > 0, `label ${l.name} never found`);
    }
    assert.ok(result.rocAuc >= 0.9, `rocAuc ${result.rocAuc}`);
    for (const r of result.records) assert.ok(Array.isArray(r.labelsFound));
  });

  it('separates held-out defects from normal images', () => {
    const auc = auroc(
      detections.map(anomalyScore),
      data.test.map((i) => i.anomalous),
    );
    assert.ok(auc >= 0.9, `detection AUROC ${auc}`);
  });

  it('answers background first, then found labels with their colours and area fractions', () => {
    const colors = new Map(data.labels.map((l) => [l.name, l.color]));
    let labelled = 0;
    for (const r of detections) {
      const anomalies = r.Anomalies!;
      assert.deepEqual(anomalies[0].Name, 'background');
      assert.equal(anomalies[0].PixelAnomaly.Color, '#ffffff');
      const total = anomalies.reduce((s, a) => s + a.PixelAnomaly.TotalPercentageArea, 0);
      assert.ok(Math.abs(total - 1) < 1e-9, `areas sum to ${total}`);
      for (const a of anomalies.slice(1)) {
        assert.equal(a.PixelAnomaly.Color, colors.get(a.Name));
        assert.ok(a.PixelAnomaly.TotalPercentageArea > 0 && a.PixelAnomaly.TotalPercentageArea < 1);
      }
      if (!r.IsAnomalous) assert.equal(anomalies.length, 1);
      if (anomalies.length > 1) labelled++;
    }
    assert.ok(labelled >= 10, `only ${labelled} detections name a label`);
  });

  it('paints a mask PNG of the input size with white and the label colours only', async () => {
    const allowed = new Set(['ffffff', ...data.labels.map((l) => l.color.slice(1))]);
    for (const r of detections.filter((d) => d.Anomalies!.length > 1).slice(0, 5)) {
      const { data: px, info } = await sharp(r.AnomalyMask!).raw().toBuffer({ resolveWithObject: true });
      assert.equal(info.width, SIZE);
      assert.equal(info.height, SIZE);
      const seen = new Set<string>();
      for (let i = 0; i < px.length; i += info.channels) {
        seen.add([0, 1, 2].map((c) => px[i + c].toString(16).padStart(2, '0')).join(''));
      }
      for (const c of seen) assert.ok(allowed.has(c), `unexpected mask colour #${c}`);
      assert.ok(seen.size > 1);
    }
  });
});
