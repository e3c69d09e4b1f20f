// Uploading a labelled folder or a workspace manifest to a bucket of the real engine, as the
// dataset commands do, and the manifest lines that come out.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanLabelledFolder, uploadLabelledFolder } from '../../src/client/folderDataset';
import { readManifestLines, uploadManifestImages } from '../../src/client/localManifest';
import { ensureBucket, getObject } from '../../src/client/objectStore';
import { parseS3Uri, type S3Location } from '../../src/manifest/core';
import { useTestEngine } from '../support/engine-harness';

const sample = join(__dirname, '..', '..', '..', 'sample', 'workspace');
const engine = useTestEngine(async ({ s3 }) => ensureBucket(s3, 'uploads'));

test('a labelled folder becomes 40 manifest lines, masks with their colour map, all objects uploaded', async () => {
  const { s3 } = engine();
  const lines = await uploadLabelledFolder(s3, join(sample, 'plates'), 'uploads', 'folder/');
  assert.equal(lines.length, 40);
  const entries = lines.map((l) => JSON.parse(l) as Record<string, never>);
  const classes = entries.map((e) => (e['anomaly-label-metadata'] as { 'class-name': string })['class-name']);
  assert.equal(classes.filter((c) => c === 'normal').length, 20);
  assert.equal(classes.filter((c) => c === 'anomaly').length, 20);
  const anomaly = entries.find((e) => e['anomaly-mask-ref'])!;
  const colorMap = (
    anomaly['anomaly-mask-ref-metadata'] as { 'internal-color-map': Record<string, unknown> }
  )['internal-color-map'];
  assert.deepEqual(colorMap['0'], { 'class-name': 'BACKGROUND', 'hex-color': '#ffffff', confidence: 0 });
  assert.deepEqual(colorMap['1'], { 'class-name': 'scratch', 'hex-color': '#ff0000', confidence: 0 });
  assert.equal(entries.filter((e) => e['anomaly-mask-ref']).length, 20, 'only anomalies carry masks');
  const { bucket, key } = parseS3Uri(anomaly['source-ref']) as S3Location;
  const stored = await getObject(s3, bucket, key);
  assert.deepEqual(
    Buffer.from(stored!),
    readFileSync(join(sample, 'plates', 'anomaly', key.split('/').pop()!)),
  );
});

test('a folder without normal/ or anomaly/ images is refused with a clear message', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'lfv-empty-'));
  mkdirSync(join(empty, 'normal'));
  writeFileSync(join(empty, 'normal', 'notes.txt'), 'not an image');
  await assert.rejects(scanLabelledFolder(empty), /has no images in normal\/ or anomaly\//);
});

test('a workspace manifest with relative paths is uploaded and rewritten to s3:// references', async () => {
  const { s3 } = engine();
  const lines = await uploadManifestImages(s3, join(sample, 'plates.manifest'), 'uploads', 'manifest/');
  assert.equal(lines.length, 40);
  for (const line of lines) {
    const entry = JSON.parse(line) as Record<string, string>;
    assert.match(entry['source-ref'], /^s3:\/\/uploads\/manifest\/plates\//);
    if (entry['anomaly-mask-ref'])
      assert.match(entry['anomaly-mask-ref'], /^s3:\/\/uploads\/manifest\/plates\/masks\//);
  }
  const { bucket, key } = parseS3Uri(
    (JSON.parse(lines[0]) as Record<string, string>)['source-ref'],
  ) as S3Location;
  assert.ok((await getObject(s3, bucket, key))?.length);
});

test('manifest problems name the line: bad JSON, no source-ref, missing image', async () => {
  const { s3 } = engine();
  const dir = mkdtempSync(join(tmpdir(), 'lfv-manifest-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  await assert.rejects(
    readManifestLines(write('bad.manifest', '{"source-ref":"a.png"}\n{oops\n')),
    /line 2 is not a manifest entry/,
  );
  await assert.rejects(readManifestLines(write('noref.manifest', '{"x":1}\n')), /line 1 .*no "source-ref"/);
  await assert.rejects(readManifestLines(write('empty.manifest', '\n\n')), /has no entries/);
  await assert.rejects(
    uploadManifestImages(s3, write('missing.manifest', '{"source-ref":"nowhere.png"}\n'), 'uploads', 'x/'),
    /line 1: cannot read nowhere\.png/,
  );
});
