// The packaged model.onnx in ONNX Runtime against the engine's own scores: the export is generated from the model
// description, so a model change it does not follow fails here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { analyzeImage } from '../../src/engine/ml/detect';
import { decodeRgb, inspectImage } from '../../src/engine/ml/image';
import { logit } from '../../src/engine/ml/logistic';
import { loadModel, type TrainedModel } from '../../src/engine/ml/model';
import { regionFeatures, selectRegions } from '../../src/engine/ml/regions';
import {
  ARCHIVE_FOLDER,
  MODEL_FOLDER,
  ONNX_FILE,
  ONNX_METADATA_FILE,
} from '../../src/engine/packaging/layout';
import { ONNX_INPUT, ONNX_OUTPUTS } from '../../src/engine/packaging/onnx-export';
import { engineDetection, trainAndPackage, type PackagedComponent } from '../support/packaged-component';

let pkg: PackagedComponent;
let part: PackagedComponent;

before(async () => {
  pkg = await trainAndPackage('segmentation');
  part = await trainAndPackage('segmentation', 96, true);
});
after(async () => {
  await pkg?.close();
  await part?.close();
});

/** The image as the JSON says: RGB at the working size, NCHW, values byte / 255. */
async function inputTensor(model: TrainedModel, png: Buffer): Promise<ort.Tensor> {
  const rgb = await decodeRgb(png, await inspectImage(png), model.workWidth, model.workHeight);
  const plane = rgb.width * rgb.height;
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) data[c * plane + i] = rgb.data[3 * i + c] / 255;
  return new ort.Tensor('float32', data, [1, 3, rgb.height, rgb.width]);
}

test('model.onnx in ONNX Runtime scores 10 images as the engine does', async () => {
  await scoresAsTheEngine(pkg);
});

test('model.onnx of an aligned part registers each image as the engine does', async () => {
  const { model, offsets } = await scoresAsTheEngine(part);
  assert.ok(model.features?.alignment, 'a part in a fixed pose is registered');
  assert.ok(
    offsets.some(([x, y]) => x !== 0 || y !== 0),
    'some test image is moved onto the pose',
  );
});

/**
 * Runs the package's test images through model.onnx and through the engine, and checks that scores, maps, label
 * scores and (for aligned parts) registration offsets agree.
 */
async function scoresAsTheEngine(pkg: PackagedComponent) {
  const modelFolder = join(pkg.decompressedPath, ARCHIVE_FOLDER, MODEL_FOLDER);
  // Read first: a component without the ONNX export fails here.
  const onnxBytes = readFileSync(join(modelFolder, ONNX_FILE));
  const metadata = JSON.parse(readFileSync(join(modelFolder, ONNX_METADATA_FILE), 'utf8')) as {
    threshold: number;
    input: { layout: string; range: number[]; shape: number[] };
    labels: { name: string; color: string }[];
    segmentation: { regionTerms: number[][] };
  };
  const model = await loadModel(modelFolder);
  // Trained with anomalies: an ensemble, whose members the graph scores too.
  assert.equal(model.members?.length, 1);
  assert.equal(metadata.threshold, model.image.threshold);
  assert.deepEqual(metadata.input.shape, [1, 3, model.workHeight, model.workWidth]);
  assert.deepEqual(metadata.labels, model.labels);
  const session = await ort.InferenceSession.create(onnxBytes);
  assert.deepEqual(session.inputNames, [ONNX_INPUT]);
  assert.ok(session.outputNames.some((name) => name.includes('score')));

  const engineScores: number[] = [];
  const onnxScores: number[] = [];
  const offsets: number[][] = [];
  let regionsChecked = 0;
  for (const image of pkg.images) {
    const inference = await analyzeImage(model, image.bytes);
    const served = await engineDetection(pkg, image.bytes);
    const out = await session.run({ [ONNX_INPUT]: await inputTensor(model, image.bytes) });
    const score = (out[ONNX_OUTPUTS.score].data as Float32Array)[0];
    engineScores.push(inference.score);
    onnxScores.push(score);
    assert.ok(Math.abs(score - inference.score) <= 1e-3, `score ${score} vs the engine's ${inference.score}`);
    assert.equal((out[ONNX_OUTPUTS.isAnomalous].data as Uint8Array)[0] === 1, served.IsAnomalous);
    const confidence = (out[ONNX_OUTPUTS.confidence].data as Float32Array)[0];
    assert.ok(
      Math.abs(confidence - served.Confidence!) <= 1e-3,
      `confidence ${confidence} vs ${served.Confidence}`,
    );

    if (model.features?.alignment) {
      const offset = Array.from(out[ONNX_OUTPUTS.offset].data as Float32Array);
      assert.deepEqual(offset, [inference.analysis.offset!.x, inference.analysis.offset!.y]);
      offsets.push(offset);
    }
    const map = out[ONNX_OUTPUTS.map].data as Float32Array;
    assert.equal(map.length, inference.pixelMap.length);
    let worst = 0;
    map.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - inference.pixelMap[i]))));
    assert.ok(worst <= 1e-3, `anomaly map differs by ${worst}`);

    // Per-label cell scores: their mean over a region plus its area terms is the engine's label log-odds.
    const labelMaps = out[ONNX_OUTPUTS.labels].data as Float32Array;
    const { gw, gh } = inference.analysis;
    const cells = gw * gh;
    const dim = model.normality.dim + inference.analysis.maps.length;
    for (const region of selectRegions(
      inference.pixelMap,
      gw,
      gh,
      model.pixelThreshold,
      model.regionPeakRatio,
    )) {
      const features = regionFeatures(inference.analysis, region, model.normality.posMean);
      model.labelClassifiers.forEach((classifier, l) => {
        let mean = 0;
        for (const c of region) mean += labelMaps[l * cells + c] / region.length;
        const [area, elongation] = metadata.segmentation.regionTerms[l];
        const fromOnnx = mean + area * features[dim] + elongation * features[dim + 1];
        const engine = logit(classifier, features);
        assert.ok(Math.abs(fromOnnx - engine) <= 1e-3, `label ${l}: ${fromOnnx} vs ${engine}`);
      });
      regionsChecked++;
    }
  }
  assert.ok(regionsChecked > 0, 'some image has an anomalous region');
  const order = (scores: number[]) => scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  assert.deepEqual(order(onnxScores), order(engineScores));
  return { model, offsets };
}
