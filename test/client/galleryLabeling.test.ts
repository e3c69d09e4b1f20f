// Labeling a dataset from the gallery, against the real engine: unlabeled entries are classified, a change is
// undone, a mask painted as label indices is saved as a PNG with exact colours and read back, labels are renamed
// on every entry; the lines written pass the linter's rules. The page's own pieces (filter, painting) run here too.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CreateDatasetCommand,
  CreateProjectCommand,
  ListDatasetEntriesCommand,
  type LookoutVisionClient,
} from '@aws-sdk/client-lookoutvision';
import sharp from 'sharp';
import type { ServiceClients } from '../../src/client/clients';
import { DatasetLabeling, maskLocation } from '../../src/client/datasetLabeling';
import { EntryReader } from '../../src/client/datasetEntries';
import { classifiedLine, maskedLine } from '../../src/client/entryLines';
import { acceptedVerdict, predictedMask, type Prediction } from '../../src/client/entryPredictions';
import { decodeMaskPng } from '../../src/client/maskPng';
import { labelMaskPng } from '../../src/engine/ml/labelMaskPng';
import { ensureBucket, getObject, putObject } from '../../src/client/objectStore';
import { validateManifest } from '../../src/manifest/core';
import { pngImage, useTestEngine } from '../support/engine-harness';

const BUCKET = 'gallery-test';
const PROJECT = 'gallery';
const IMAGES = 8;
const SIZE = 64;

const engine = useTestEngine(async ({ lv, s3 }) => {
  await ensureBucket(s3, BUCKET);
  await lv.send(new CreateProjectCommand({ ProjectName: PROJECT }));
  await lv.send(new CreateDatasetCommand({ ProjectName: PROJECT, DatasetType: 'train' }));
  const lines: string[] = [];
  for (let i = 0; i < IMAGES; i++) {
    const key = `images/img-${i}.png`;
    await putObject(s3, BUCKET, key, await pngImage(i, SIZE), 'image/png');
    lines.push(JSON.stringify({ 'source-ref': `s3://${BUCKET}/${key}` }));
  }
  const { UpdateDatasetEntriesCommand } = await import('@aws-sdk/client-lookoutvision');
  await lv.send(
    new UpdateDatasetEntriesCommand({
      ProjectName: PROJECT,
      DatasetType: 'train',
      Changes: new TextEncoder().encode(lines.join('\n')),
    }),
  );
});

const ref = (i: number) => `s3://${BUCKET}/images/img-${i}.png`;

function labeling(): DatasetLabeling {
  const { lv, s3 } = engine();
  const clients = { lookout: lv, s3 } as unknown as ServiceClients;
  return new DatasetLabeling(async () => clients, { projectName: PROJECT, datasetType: 'train' });
}

async function load(l: DatasetLabeling): Promise<number> {
  let n = 0;
  for await (const page of l.load()) n += page.length;
  return n;
}

/** The dataset's lines as ListDatasetEntries returns them, by source-ref. */
async function serviceLines(lv: LookoutVisionClient): Promise<Map<string, Record<string, unknown>>> {
  const out = await lv.send(new ListDatasetEntriesCommand({ ProjectName: PROJECT, DatasetType: 'train' }));
  const lines = (out.DatasetEntries ?? []).map((l) => JSON.parse(l) as Record<string, unknown>);
  return new Map(lines.map((l) => [l['source-ref'] as string, l]));
}

const classOf = (line: Record<string, unknown> | undefined) =>
  (line?.['anomaly-label-metadata'] as { 'class-name'?: string } | undefined)?.['class-name'];

test('classify three entries, undo the last change: the service holds exactly that', async () => {
  const l = labeling();
  assert.equal(await load(l), IMAGES);
  assert.equal(l.summary().unlabeled, IMAGES);
  await l.classify([ref(0), ref(1)], 'normal');
  await l.classify([ref(2)], 'anomaly');
  assert.equal(l.summary().anomaly, 1);
  const undone = await l.undo();
  assert.deepEqual(
    undone.map((e) => [e.ref, e.cls]),
    [[ref(2), 'unlabeled']],
  );
  const lines = await serviceLines(engine().lv);
  assert.equal(classOf(lines.get(ref(0))), 'normal');
  assert.equal(classOf(lines.get(ref(1))), 'normal');
  assert.equal(classOf(lines.get(ref(2))), undefined);
  const summary = l.summary();
  assert.deepEqual([summary.normal, summary.anomaly, summary.unlabeled], [2, 0, IMAGES - 2]);
  assert.ok(
    summary.missing.some((m) => m.includes('18 more normal images (2 of 20)')),
    summary.missing.join(),
  );
  // The page's reload reads the same.
  const again = labeling();
  await load(again);
  assert.equal(again.entry(ref(1))?.cls, 'normal');
  await assert.rejects(() => again.undo(), /no change to undo/);
});

test('a painted mask is saved as a PNG of exact colours and becomes the entry`s mask', async () => {
  const l = labeling();
  await load(l);
  const labels = [
    { name: 'dent', color: '#e6194b' },
    { name: 'scratch', color: '#3cb44b' },
  ];
  // "scratch" (index 2) over x 10..29, y 5..14; "dent" is offered but unused.
  const indices = new Uint8Array(SIZE * SIZE);
  for (let y = 5; y < 15; y++) indices.fill(2, y * SIZE + 10, y * SIZE + 30);
  const entry = await l.saveMask(ref(3), SIZE, SIZE, indices, labels);
  assert.equal(entry.cls, 'anomaly');
  assert.deepEqual(entry.labels, [{ name: 'scratch', color: '#3cb44b' }]);
  const at = maskLocation({ bucket: BUCKET, key: 'images/img-3.png' });
  const line = (await serviceLines(engine().lv)).get(ref(3))!;
  assert.equal(line['anomaly-mask-ref'], `s3://${at.bucket}/${at.key}`);
  assert.deepEqual(
    (line['anomaly-mask-ref-metadata'] as { 'internal-color-map': unknown })['internal-color-map'],
    {
      '0': { 'class-name': 'BACKGROUND', 'hex-color': '#ffffff', confidence: 0 },
      '1': { 'class-name': 'scratch', 'hex-color': '#3cb44b', confidence: 0 },
    },
  );
  const png = await getObject(engine().s3, at.bucket, at.key);
  assert.ok(png);
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height], [SIZE, SIZE]);
  for (let p = 0; p < SIZE * SIZE; p++) {
    const rgb = [...data.subarray(p * info.channels, p * info.channels + 3)];
    assert.deepEqual(rgb, indices[p] ? [0x3c, 0xb4, 0x4b] : [255, 255, 255], `pixel ${p}`);
  }
  // The annotator gets the mask back over the dataset's labels.
  const image = await l.image(ref(3));
  assert.deepEqual([image.width, image.height], [SIZE, SIZE]);
  const scratch = image.labels.findIndex((x) => x.name === 'scratch') + 1;
  assert.deepEqual(
    image.mask,
    indices.map((v) => (v ? scratch : 0)),
  );
  assert.match(image.src, /^data:image\/png;base64,/);
});

test('renaming a label rewrites every entry that has it; undo puts the old name back', async () => {
  const l = labeling();
  await load(l);
  const indices = new Uint8Array(SIZE * SIZE).fill(1, 0, SIZE);
  await l.saveMask(ref(4), SIZE, SIZE, indices, [{ name: 'scratch', color: '#3cb44b' }]);
  const renamed = await l.renameLabel('scratch', 'groove');
  assert.deepEqual(renamed.map((e) => e.ref).sort(), [ref(3), ref(4)]);
  assert.deepEqual(l.labels(), [{ name: 'groove', color: '#3cb44b' }]);
  await assert.rejects(() => l.renameLabel('groove', 'BACKGROUND'), /cannot name/);
  await l.undo();
  assert.deepEqual(l.labels(), [{ name: 'scratch', color: '#3cb44b' }]);
  const summary = validateManifest(
    [...(await serviceLines(engine().lv)).values()].map((x) => JSON.stringify(x)).join('\n'),
  ).summary;
  assert.deepEqual(summary.labels, [{ name: 'scratch', images: 2, singleLabelImages: 2 }]);
});

test('bad input is refused with a clear error and changes nothing', async () => {
  const l = labeling();
  await load(l);
  const empty = new Uint8Array(SIZE * SIZE);
  await assert.rejects(() => l.saveMask(ref(5), SIZE, SIZE, empty, []), /holds no anomaly label/);
  await assert.rejects(
    () =>
      l.saveMask(ref(5), SIZE, SIZE, new Uint8Array(SIZE * SIZE).fill(3), [{ name: 'a', color: '#000000' }]),
    /label 3, beyond the 1 labels/,
  );
  await assert.rejects(
    () => l.saveMask(ref(5), SIZE, SIZE - 1, empty.fill(1), [{ name: 'a', color: '#000000' }]),
    /pixels/,
  );
  await assert.rejects(() => l.classify([`s3://${BUCKET}/nope.png`], 'normal'), /is not an entry/);
  assert.equal((await serviceLines(engine().lv)).get(ref(5))?.['anomaly-mask-ref'], undefined);
});

test('lines written for the gallery pass the linter and keep or drop masks as the class requires', () => {
  const reader = new EntryReader();
  const masked = reader.read(
    maskedLine(ref(1), `s3://${BUCKET}/m.png`, [{ name: 'dent', color: '#e6194b' }]),
  )!;
  assert.equal(masked.maskRef, `s3://${BUCKET}/m.png`);
  assert.equal(reader.read(classifiedLine(masked, 'anomaly'))!.maskRef, masked.maskRef);
  const normal = reader.read(classifiedLine(masked, 'normal'))!;
  assert.deepEqual([normal.cls, normal.maskRef, normal.labels], ['normal', undefined, []]);
  const { summary } = validateManifest(classifiedLine(masked, 'normal'));
  assert.equal(summary.linesWithErrors, 0);
});

test('mask PNGs: encode and decode are exact; unknown colours are refused', async () => {
  const colors = ['#010203', '#fe0000'];
  const indices = Uint8Array.from({ length: 12 }, (_, i) => i % 3);
  const png = await labelMaskPng(indices, 4, 3, colors);
  assert.deepEqual(await decodeMaskPng(png, 4, 3, colors), indices);
  await assert.rejects(() => decodeMaskPng(png, 4, 3, ['#010203']), /no label names: rgb\(254, 0, 0\)/);
  await assert.rejects(() => labelMaskPng(indices, 4, 3, ['#010203']), /beyond the 1 labels/);
});

interface Raster {
  paintDisc(m: object, cx: number, cy: number, r: number, v: number): unknown;
  paintSegment(m: object, a: object, b: object, r: number, v: number): unknown;
  fillPolygon(m: object, points: { x: number; y: number }[], v: number): unknown;
}
interface Model {
  EntryStore: new () => {
    put(e: object[]): void;
    predict(items: object[], removed: string[]): void;
    select(f: object): { ref: string }[];
  };
  NO_FILTER: object;
}
const webview = (name: string) =>
  import(pathToFileURL(join(__dirname, '..', '..', '..', 'webviews', name)).href);

test('painting sets whole pixels: a polygon over a rectangle fills exactly it, a disc its centre pixels', async () => {
  const raster = (await webview('maskRaster.js')) as Raster;
  const mask = { width: 10, height: 8, data: new Uint8Array(80) };
  raster.fillPolygon(
    mask,
    [
      { x: 2, y: 1 },
      { x: 7, y: 1 },
      { x: 7, y: 5 },
      { x: 2, y: 5 },
    ],
    4,
  );
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 10; x++)
      assert.equal(mask.data[y * 10 + x], x >= 2 && x < 7 && y >= 1 && y < 5 ? 4 : 0, `${x},${y}`);
  mask.data.fill(0);
  raster.paintDisc(mask, 5, 4, 1, 1);
  assert.deepEqual(
    [...mask.data].flatMap((v, i) => (v ? [i] : [])),
    [34, 35, 44, 45],
  );
  raster.paintSegment(mask, { x: 0.5, y: 0.5 }, { x: 9.5, y: 0.5 }, 0.5, 2);
  assert.deepEqual([...mask.data.subarray(0, 10)], Array(10).fill(2));
});

test('the page filter: class, mask, label, search and sort', async () => {
  const { EntryStore, NO_FILTER } = (await webview('galleryModel.js')) as Model;
  const store = new EntryStore();
  store.put([
    {
      ref: 's3://b/B.png',
      name: 'B.png',
      cls: 'anomaly',
      labels: [{ name: 'dent', color: '#000000' }],
      maskRef: 's3://b/m',
    },
    { ref: 's3://b/a.png', name: 'a.png', cls: 'normal', labels: [] },
    { ref: 's3://b/c.png', name: 'c.png', cls: 'unlabeled', labels: [] },
  ]);
  const refs = (f: object) => store.select({ ...NO_FILTER, ...f }).map((e) => e.ref.slice(7));
  assert.deepEqual(refs({}), ['a.png', 'B.png', 'c.png']);
  assert.deepEqual(refs({ sort: 'name-desc' }), ['c.png', 'B.png', 'a.png']);
  assert.deepEqual(refs({ state: 'labeled' }), ['a.png', 'B.png']);
  assert.deepEqual(refs({ state: 'unlabeled' }), ['c.png']);
  assert.deepEqual(refs({ mask: 'with' }), ['B.png']);
  assert.deepEqual(refs({ mask: 'without', state: 'all' }), ['a.png', 'c.png']);
  assert.deepEqual(refs({ label: 'dent' }), ['B.png']);
  assert.deepEqual(refs({ search: ' B.P' }), ['B.png']);
  // A classified entry changes in place: same place in the order, new class, mask gone.
  store.put([{ ref: 's3://b/B.png', name: 'B.png', cls: 'normal', labels: [] }]);
  assert.deepEqual(refs({ state: 'normal' }), ['a.png', 'B.png']);
  assert.deepEqual(refs({ mask: 'with' }), []);
});

test('verdicts on detections: sort by confidence, show only those to verify', async () => {
  const { EntryStore, NO_FILTER } = (await webview('galleryModel.js')) as Model;
  const store = new EntryStore();
  store.put(
    ['a', 'b', 'c', 'd'].map((n) => ({
      ref: `s3://b/${n}.png`,
      name: `${n}.png`,
      cls: 'unlabeled',
      labels: [],
    })),
  );
  const verdict = (n: string, confidence: number) => ({
    ref: `s3://b/${n}.png`,
    cls: 'anomaly',
    confidence,
    labels: [],
  });
  store.predict([verdict('a', 0.9), verdict('c', 0.55), verdict('d', 0.7)], []);
  const refs = (f: object) => store.select({ ...NO_FILTER, ...f }).map((e) => e.ref.slice(7));
  assert.deepEqual(refs({ sort: 'confidence' }), ['c.png', 'd.png', 'a.png', 'b.png']);
  assert.deepEqual(refs({ sort: 'confidence-desc' }), ['a.png', 'd.png', 'c.png', 'b.png']);
  assert.deepEqual(refs({ state: 'predicted' }), ['a.png', 'c.png', 'd.png']);
  store.predict([], ['s3://b/c.png']);
  assert.deepEqual(refs({ state: 'predicted', sort: 'confidence' }), ['d.png', 'a.png']);
});

test('an accepted detection keeps the predicted mask, in the dataset`s colours and label order', async () => {
  // A mask as DetectAnomalies returns it: white background, each label in its training colour.
  const indices = Uint8Array.from({ length: 16 }, (_, i) => (i < 4 ? 1 : i < 6 ? 2 : 0));
  const png = await labelMaskPng(indices, 4, 4, ['#2ca02c', '#1f77b4']);
  const prediction: Prediction = {
    ref: ref(0),
    cls: 'anomaly',
    confidence: 0.8,
    labels: [
      { name: 'scratch', color: '#2ca02c' },
      { name: 'dent', color: '#1f77b4' },
    ],
    width: 4,
    height: 4,
    mask: png,
  };
  const dataset = [
    { name: 'crack', color: '#ff7f0e' },
    { name: 'dent', color: '#1f77b4' },
  ];
  const onDataset = await predictedMask(prediction, dataset);
  assert.deepEqual(onDataset?.labels, [...dataset, { name: 'scratch', color: '#2ca02c' }]);
  assert.deepEqual(
    [...onDataset!.indices],
    [...indices].map((i) => (i === 1 ? 3 : i === 2 ? 2 : 0)),
  );
  const verdict = await acceptedVerdict(prediction, dataset);
  assert.deepEqual([verdict.cls, verdict.mask?.width, verdict.mask?.height], ['anomaly', 4, 4]);
  // A normal verdict is accepted as the class alone.
  assert.deepEqual(await acceptedVerdict({ ...prediction, cls: 'normal' }, dataset), {
    ref: ref(0),
    cls: 'normal',
  });
});

test('accepting verdicts labels several entries in one change, masks included; one undo takes it all back', async () => {
  const l = labeling();
  await load(l);
  const before = await serviceLines(engine().lv);
  const indices = new Uint8Array(SIZE * SIZE);
  indices.fill(1, 0, SIZE * 4);
  const labels = [{ name: 'crack', color: '#d62728' }];
  const changes = l.changes;
  const entries = await l.label([
    { ref: ref(5), cls: 'normal' },
    { ref: ref(6), cls: 'anomaly', mask: { width: SIZE, height: SIZE, indices, labels } },
    { ref: ref(7), cls: 'normal' },
  ]);
  assert.equal(l.changes, changes + 1);
  assert.deepEqual(
    entries.map((e) => [e.cls, e.labels.map((x) => x.name).join()]),
    [
      ['normal', ''],
      ['anomaly', 'crack'],
      ['normal', ''],
    ],
  );
  const lines = await serviceLines(engine().lv);
  assert.deepEqual(
    [5, 6, 7].map((i) => classOf(lines.get(ref(i)))),
    ['normal', 'anomaly', 'normal'],
  );
  const at = maskLocation({ bucket: BUCKET, key: 'images/img-6.png' });
  const png = await getObject(engine().s3, at.bucket, at.key);
  assert.deepEqual(await decodeMaskPng(png!, SIZE, SIZE, ['#d62728']), indices);
  await l.undo();
  const after = await serviceLines(engine().lv);
  for (const i of [5, 6, 7]) assert.deepEqual(after.get(ref(i)), before.get(ref(i)));
});
