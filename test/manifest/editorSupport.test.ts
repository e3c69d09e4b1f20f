// The editor-independent parts behind completion, hover, links and .jsonl detection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  completeManifestLine,
  hoverAt,
  lineReferences,
  looksLikeManifest,
  parseManifestLine,
} from '../../src/manifest/core';
import { DG_CLASSIFICATION, SEGMENTATION } from './samples';

test('.jsonl content is a manifest when its first non-blank line has a source-ref, even a broken one', () => {
  assert.equal(looksLikeManifest(`\n\n${DG_CLASSIFICATION}\n`), true);
  assert.equal(looksLikeManifest('{"source-ref": "s3://b/a.png", '), true);
  assert.equal(looksLikeManifest('{"id":1,"text":"source-ref"}\n'), false);
  assert.equal(looksLikeManifest('{"id":1}\n{"source-ref":"s3://my-bucket/a.png"}'), false);
  assert.equal(looksLikeManifest(''), false);
});

test('top-level key completion offers the missing keys, and the metadata of an attribute without one', () => {
  const line = '{"source-ref":"s3://my-bucket/a.png","defect":1,"';
  const labels = completeManifestLine(line, line.length).map((c) => c.label);
  assert.ok(labels.includes('defect-metadata'));
  assert.ok(labels.includes('anomaly-mask-ref'));
  assert.ok(!labels.includes('source-ref'));
});

test('value completion replaces the whole string being typed', () => {
  const line = DG_CLASSIFICATION.replace('"class-name":"normal"', '"class-name":"an"');
  const at = line.indexOf('"an"') + 3;
  const items = completeManifestLine(line, at);
  assert.deepEqual(
    items.map((c) => c.insertText),
    ['"normal"', '"anomaly"'],
  );
  assert.equal(line.slice(items[0]!.start, items[0]!.end), '"an"');
});

test('color map entries complete BACKGROUND for entry "0" and the labels the file uses elsewhere', () => {
  const zero = SEGMENTATION.indexOf('"BACKGROUND"') + 1;
  assert.deepEqual(
    completeManifestLine(SEGMENTATION, zero).map((c) => c.label),
    ['"BACKGROUND"'],
  );
  const scratch = SEGMENTATION.indexOf('"scratch"') + 1;
  assert.deepEqual(
    completeManifestLine(SEGMENTATION, scratch, { labels: ['dent', 'crack'] }).map((c) => c.label),
    ['"dent"', '"crack"'],
  );
});

test('hover documents keys by where they sit, and resolves s3:// values to bucket and key', () => {
  const mapKey = hoverAt(SEGMENTATION, SEGMENTATION.indexOf('"internal-color-map"') + 2);
  assert.equal(mapKey?.kind, 'key');
  assert.match(mapKey?.kind === 'key' ? mapKey.documentation : '', /BACKGROUND/);
  const mask = hoverAt(SEGMENTATION, SEGMENTATION.indexOf('s3://my-bucket/masks') + 3);
  assert.deepEqual(mask?.kind === 'reference' ? mask.reference : undefined, {
    bucket: 'my-bucket',
    key: 'masks/img1.png',
  });
  assert.equal(hoverAt(SEGMENTATION, SEGMENTATION.indexOf('"yes"') + 1), undefined);
});

test('every image and mask reference of a line is found with its columns', () => {
  const refs = lineReferences(SEGMENTATION);
  assert.deepEqual(
    refs.map((r) => SEGMENTATION.slice(r.start, r.end)),
    ['s3://my-bucket/images/img1.png', 's3://my-bucket/masks/img1.png'],
  );
  const local = '{"source-ref": "plates/a.png", "job-name": "s3://x/y.png", "m-ref": "masks/a.png"}';
  assert.deepEqual(
    lineReferences(local, { localPaths: true }).map((r) => [local.slice(r.start, r.end), r.bucket]),
    [
      ['plates/a.png', undefined],
      ['masks/a.png', undefined],
    ],
  );
  assert.deepEqual(lineReferences(local), []);
});

test('keys named like Object.prototype members complete and validate like any other key', () => {
  const line = '{"source-ref":"s3://my-bucket/a.png","l":1,"l-metadata":{"constructor":"';
  assert.deepEqual(completeManifestLine(line, line.length), []);
});

test('a line of megabytes is reported too long and not read further: no hover, completion or links', () => {
  // Half a million references on one line, as a hostile or mistaken file holds.
  const pairs = Array.from({ length: 500_000 }, (_, i) => `"m${i}-ref":"s3://my-bucket/${i}.png"`).join(',');
  const huge = `{"source-ref":"s3://my-bucket/a.png",${pairs}}`;
  const result = parseManifestLine(huge);
  assert.deepEqual(
    result.diagnostics.map((d) => d.code),
    ['line-too-long'],
  );
  assert.match(result.diagnostics[0]!.message, /not checked further/);
  assert.equal(hoverAt(huge, 20), undefined);
  assert.deepEqual(completeManifestLine(huge, 20), []);
  assert.deepEqual(lineReferences(huge), []);
  // Checked past the limit up to 16 times it: such a line still gets the rest of its problems.
  const long = `{"source-ref":"s3://my-bucket/a.png","x":"${'y'.repeat(9000)}"}`;
  assert.ok(parseManifestLine(long).diagnostics.some((d) => d.code !== 'line-too-long'));
});
