// Uploading a labelled folder or a workspace manifest to a bucket of the real engine, as the
// dataset commands do, and the manifest lines that come out.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { scanLabelledFolder, uploadLabelledFolder } from '../../src/client/folderDataset';
import { readManifestEntries, uploadManifestImages } from '../../src/client/localManifest';
import { ensureBucket, getObject } from '../../src/client/objectStore';
import { parseS3Uri, type S3Location } from '../../src/manifest/core';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { pngImage, useTestEngine } from '../support/engine-harness';

const sample = join(__dirname, '..', '..', '..', 'sample', 'workspace');
const engine = useTestEngine(async ({ s3 }) => ensureBucket(s3, 'uploads'));

const listKeys = async (s3: S3Client, bucket: string, prefix: string) =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map(
    (o) => o.Key,
  );

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

test('a folder: linked images count, a JPEG mask is refused by name, a name S3 cannot hold before anything is sent', async () => {
  const { s3 } = engine();
  const folder = mkdtempSync(join(tmpdir(), 'lfv-folder-'));
  const elsewhere = mkdtempSync(join(tmpdir(), 'lfv-elsewhere-'));
  for (const dir of ['normal', 'anomaly', 'masks']) mkdirSync(join(folder, dir));
  writeFileSync(join(folder, 'normal', 'real.png'), await pngImage(1));
  writeFileSync(join(elsewhere, 'kept.png'), await pngImage(2));
  symlinkSync(join(elsewhere, 'kept.png'), join(folder, 'normal', 'linked.png'));
  symlinkSync(join(elsewhere, 'gone.png'), join(folder, 'normal', 'broken.png'));
  symlinkSync(join(folder, 'normal', 'loop.png'), join(folder, 'normal', 'loop.png'));
  writeFileSync(join(folder, 'anomaly', 'a.png'), await pngImage(3));
  assert.deepEqual(
    (await scanLabelledFolder(folder)).map((i) => basename(i.path)),
    ['linked.png', 'real.png', 'a.png'],
  );
  writeFileSync(
    join(folder, 'masks', 'a.png'),
    await sharp(await pngImage(4))
      .jpeg()
      .toBuffer(),
  );
  await assert.rejects(
    uploadLabelledFolder(s3, folder, 'uploads', 'jpeg-mask/'),
    /masks\/a\.png is not a PNG image: masks must be PNG/,
  );
  rmSync(join(folder, 'masks', 'a.png'));
  writeFileSync(join(folder, 'normal', 'line\nbreak.png'), await pngImage(5));
  await assert.rejects(
    uploadLabelledFolder(s3, folder, 'uploads', 'bad-name/'),
    /normal\/line\nbreak\.png cannot be uploaded under that name: object keys must not contain NUL or other control/,
  );
  assert.deepEqual(await listKeys(s3, 'uploads', 'bad-name/'), [], 'nothing sent');
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
    readManifestEntries(write('bad.manifest', '{"source-ref":"a.png"}\n{oops\n')),
    /line 2 is not a manifest entry/,
  );
  await assert.rejects(readManifestEntries(write('noref.manifest', '{"x":1}\n')), /line 1 .*no "source-ref"/);
  await assert.rejects(readManifestEntries(write('empty.manifest', '\n\n')), /has no entries/);
  // Read as the editor reads it: a byte order mark, CR line ends, and numbers that count blank lines.
  const entry = (ref: string) => JSON.stringify({ 'source-ref': ref });
  assert.deepEqual(
    (
      await readManifestEntries(write('bom-cr.manifest', `\uFEFF${entry('a.png')}\r\r${entry('b.png')}\r`))
    ).map((e) => [e.entry['source-ref'], e.number]),
    [
      ['a.png', 1],
      ['b.png', 3],
    ],
  );
  await assert.rejects(
    readManifestEntries(write('gap.manifest', `${entry('a.png')}\n\n{oops\n`)),
    /line 3 is not a manifest entry/,
  );
  // Names S3 cannot hold, or two files landing on one key, stop the upload before anything is sent.
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'a.png'), await pngImage(1));
  writeFileSync(join(dir, 'sub', 'a.png'), await pngImage(2));
  await assert.rejects(
    uploadManifestImages(
      s3,
      write(join('sub', 'clash.manifest'), `${entry('a.png')}\n${entry('../a.png')}\n`),
      'uploads',
      'clash/',
    ),
    /line 2: \.\.\/a\.png and a\.png \(line 1\) would both be uploaded as clash\/a\.png/,
  );
  await assert.rejects(
    uploadManifestImages(
      s3,
      write('ctl.manifest', `${entry('a.png')}\n${entry('b\u0007.png')}\n`),
      'uploads',
      'ctl/',
    ),
    /line 2: b.\.png cannot be uploaded under that name: object keys must not contain NUL or other control/,
  );
  assert.deepEqual(await listKeys(s3, 'uploads', 'clash/'), [], 'nothing sent');
  assert.deepEqual(await listKeys(s3, 'uploads', 'ctl/'), [], 'nothing sent');
  await assert.rejects(
    uploadManifestImages(s3, write('missing.manifest', '{"source-ref":"nowhere.png"}\n'), 'uploads', 'x/'),
    /line 1: cannot read nowhere\.png/,
  );
});
