// One case per per-line rule: the rule's code, and the exact text its range covers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestLine, type ValidationOptions } from '../../src/manifest/core';
import { RULES, type RuleCode } from '../../src/manifest/core/rules';
import { DG_CLASSIFICATION, DG_SEGMENTATION, SEGMENTATION, edit } from './samples';

type Json = Record<string, unknown>;
const labelMeta = (o: Json) => o['anomaly-label-metadata'] as Json;
const maskMeta = (o: Json) => o['anomaly-mask-ref-metadata'] as Json;
const colorMap = (o: Json) => maskMeta(o)['internal-color-map'] as Json;
const entry = (o: Json, index: string) => colorMap(o)[index] as Json;

interface Case {
  code: RuleCode;
  line: string;
  /** The text the diagnostic's range must cover exactly. */
  covers: string;
  options?: ValidationOptions;
}

/** A workspace whose only file is plates/a.png. */
const ONE_FILE: ValidationOptions = { localPaths: true, pathExists: (path) => path === 'plates/a.png' };

const LONG = edit(DG_CLASSIFICATION, (o) => (labelMeta(o)['job-name'] = 'j'.repeat(9000)));

const CASES: Case[] = [
  { code: 'json-syntax', line: '{"source-ref": "s3://my-bucket/a.png", "x": }', covers: '}' },
  { code: 'json-syntax', line: "{'source-ref': 1}", covers: "'source-ref'" },
  { code: 'json-syntax', line: '{"source-ref": "s3://my-bucket/a.png"', covers: '"' },
  { code: 'one-object-per-line', line: '{"source-ref":"s3://my-bucket/a.png"} {"a":1}', covers: '{"a":1}' },
  { code: 'one-object-per-line', line: '{', covers: '{' },
  { code: 'one-object-per-line', line: '{"source-ref": "s3://my-bucket/a.png",', covers: ',' },
  { code: 'not-object', line: '  [1, 2]', covers: '[1, 2]' },
  { code: 'line-too-long', line: LONG, covers: LONG.slice(8192) },
  // Inside the line's object, the 64th bracket is the 65th level.
  {
    code: 'nesting-too-deep',
    line: `{"source-ref":"s3://b/a.png","x":${'['.repeat(100)}`,
    covers: '['.repeat(37),
  },
  { code: 'source-ref-missing', line: '{"anomaly-label":1}', covers: '{"anomaly-label":1}' },
  {
    code: 'source-ref-invalid',
    line: edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 'https://example.com/a.png')),
    covers: '"https://example.com/a.png"',
  },
  {
    code: 'source-ref-invalid',
    line: edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 's3://My_Bucket/a.png')),
    covers: '"s3://My_Bucket/a.png"',
  },
  { code: 'source-ref-invalid', line: edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 7)), covers: '7' },
  // A NUL would end the key in a store: "img.png\u0000.evil" must not pass for img.png.
  {
    code: 'source-ref-invalid',
    line: edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 's3://my-bucket/img.png\u0000.evil')),
    covers: '"s3://my-bucket/img.png\\u0000.evil"',
  },
  {
    code: 'source-ref-invalid',
    line: edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = `s3://my-bucket/${'k'.repeat(1025)}.png`)),
    covers: `"s3://my-bucket/${'k'.repeat(1025)}.png"`,
  },
  {
    code: 'source-ref-invalid',
    line: edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 's3://xn--abc/a.png')),
    covers: '"s3://xn--abc/a.png"',
  },
  {
    code: 'source-ref-invalid',
    line: edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 's3:/tile-bucket/normal/tile-06.png')),
    covers: '"s3:/tile-bucket/normal/tile-06.png"',
    options: { localPaths: true },
  },
  {
    code: 'local-file-missing',
    line: edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 'plates/b.png')),
    covers: '"plates/b.png"',
    options: ONE_FILE,
  },
  {
    code: 'local-file-missing',
    line: edit(SEGMENTATION, (o) => {
      o['source-ref'] = 'plates/a.png';
      o['anomaly-mask-ref'] = 'masks/a.png';
    }),
    covers: '"masks/a.png"',
    options: ONE_FILE,
  },
  {
    code: 'image-extension',
    line: edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 's3://my-bucket/a.gif')),
    covers: '"s3://my-bucket/a.gif"',
  },
  {
    code: 'unlabeled',
    line: '{"source-ref":"s3://my-bucket/a.png"}',
    covers: '{"source-ref":"s3://my-bucket/a.png"}',
  },
  {
    code: 'label-metadata-missing',
    line: '{"source-ref":"s3://my-bucket/a.png","anomaly-label":1}',
    covers: '"anomaly-label"',
  },
  {
    code: 'label-attribute-missing',
    line: edit(DG_CLASSIFICATION, (o) => delete o['anomaly-label']),
    covers: '"anomaly-label-metadata"',
  },
  {
    code: 'metadata-not-object',
    line: edit(DG_CLASSIFICATION, (o) => (o['anomaly-label-metadata'] = 'normal')),
    covers: '"normal"',
  },
  {
    code: 'class-name-missing',
    line: edit(DG_CLASSIFICATION, (o) => delete labelMeta(o)['class-name']),
    covers: '"anomaly-label-metadata"',
  },
  {
    code: 'class-name-unknown',
    line: edit(DG_CLASSIFICATION, (o) => (labelMeta(o)['class-name'] = 'norml')),
    covers: '"norml"',
  },
  {
    code: 'human-annotated-missing',
    line: edit(DG_CLASSIFICATION, (o) => delete labelMeta(o)['human-annotated']),
    covers: '"anomaly-label-metadata"',
  },
  {
    code: 'human-annotated-invalid',
    line: edit(DG_CLASSIFICATION, (o) => (labelMeta(o)['human-annotated'] = true)),
    covers: 'true',
  },
  {
    code: 'type-missing',
    line: edit(DG_CLASSIFICATION, (o) => delete labelMeta(o)['type']),
    covers: '"anomaly-label-metadata"',
  },
  {
    code: 'type-invalid',
    line: edit(DG_CLASSIFICATION, (o) => (labelMeta(o)['type'] = 'groundtruth/semantic-segmentation')),
    covers: '"groundtruth/semantic-segmentation"',
  },
  {
    code: 'type-invalid',
    line: edit(SEGMENTATION, (o) => (maskMeta(o)['type'] = 'groundtruth/image-classification')),
    covers: '"groundtruth/image-classification"',
  },
  {
    code: 'creation-date-invalid',
    line: edit(DG_CLASSIFICATION, (o) => (labelMeta(o)['creation-date'] = 'last tuesday')),
    covers: '"last tuesday"',
  },
  {
    code: 'confidence-invalid',
    line: edit(DG_CLASSIFICATION, (o) => (labelMeta(o)['confidence'] = 'high')),
    covers: '"high"',
  },
  {
    code: 'mask-metadata-missing',
    line: edit(SEGMENTATION, (o) => delete o['anomaly-mask-ref-metadata']),
    covers: '"anomaly-mask-ref"',
  },
  {
    code: 'mask-ref-missing',
    line: edit(SEGMENTATION, (o) => delete o['anomaly-mask-ref']),
    covers: '"anomaly-mask-ref-metadata"',
  },
  {
    code: 'mask-ref-invalid',
    line: edit(SEGMENTATION, (o) => (o['anomaly-mask-ref'] = 'masks/img1.png')),
    covers: '"masks/img1.png"',
  },
  {
    code: 'mask-not-png',
    line: edit(SEGMENTATION, (o) => (o['anomaly-mask-ref'] = 's3://my-bucket/masks/img1.jpg')),
    covers: '"s3://my-bucket/masks/img1.jpg"',
  },
  {
    code: 'bucket-mismatch',
    line: edit(SEGMENTATION, (o) => (o['anomaly-mask-ref'] = 's3://other-bucket/masks/img1.png')),
    covers: '"s3://other-bucket/masks/img1.png"',
  },
  {
    code: 'color-map-missing',
    line: edit(SEGMENTATION, (o) => delete maskMeta(o)['internal-color-map']),
    covers: '"anomaly-mask-ref-metadata"',
  },
  {
    code: 'color-map-invalid',
    line: edit(SEGMENTATION, (o) => (maskMeta(o)['internal-color-map'] = [])),
    covers: '[]',
  },
  { code: 'color-map-invalid', line: edit(SEGMENTATION, (o) => (colorMap(o)['2'] = 5)), covers: '5' },
  {
    code: 'color-map-background',
    line: edit(SEGMENTATION, (o) => delete colorMap(o)['0']),
    covers: '"internal-color-map"',
  },
  {
    code: 'color-map-background',
    line: edit(SEGMENTATION, (o) => (entry(o, '0')['class-name'] = 'background')),
    covers: '"background"',
  },
  {
    code: 'color-map-background',
    line: edit(SEGMENTATION, (o) => (entry(o, '0')['hex-color'] = '#000000')),
    covers: '"#000000"',
  },
  {
    code: 'color-class-name-missing',
    line: edit(SEGMENTATION, (o) => delete entry(o, '1')['class-name']),
    covers: '"1"',
  },
  {
    code: 'color-confidence-missing',
    line: edit(SEGMENTATION, (o) => delete entry(o, '2')['confidence']),
    covers: '"2"',
  },
  {
    code: 'color-confidence-missing',
    line: edit(SEGMENTATION, (o) => (entry(o, '2')['confidence'] = '0')),
    covers: '"0"',
  },
  {
    code: 'hex-color-invalid',
    line: edit(SEGMENTATION, (o) => (entry(o, '1')['hex-color'] = '#2ca02')),
    covers: '"#2ca02"',
  },
  {
    code: 'hex-color-case',
    line: edit(SEGMENTATION, (o) => (entry(o, '1')['hex-color'] = '#2CA02C')),
    covers: '"#2CA02C"',
  },
  {
    code: 'hex-color-duplicate',
    line: edit(SEGMENTATION, (o) => (entry(o, '2')['hex-color'] = '#2ca02c')),
    covers: '"#2ca02c"',
  },
];

for (const { code, line, covers, options } of CASES) {
  test(`rule ${code}: flags ${JSON.stringify(covers.slice(0, 40))}`, () => {
    const result = parseManifestLine(line, options);
    const found = result.diagnostics.filter((d) => d.code === code);
    assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(result.diagnostics)}`);
    const d = found[0]!;
    assert.equal(line.slice(d.start, d.end), covers);
    assert.equal(d.severity, RULES[code].severity);
    assert.equal(
      result.hasErrors,
      result.diagnostics.some((x) => x.severity === 'error'),
    );
  });
}

test('every per-line rule has a case (cross-line rules are tested on the model)', () => {
  const crossLine: RuleCode[] = ['blank-line', 'duplicate-source-ref', 'mixed-kinds', 'training-minimum'];
  const covered = new Set(CASES.map((c) => c.code));
  const missing = (Object.keys(RULES) as RuleCode[]).filter((c) => !covered.has(c) && !crossLine.includes(c));
  assert.deepEqual(missing, []);
});

test("the Developer Guide's classification line is clean and normal", () => {
  const result = parseManifestLine(DG_CLASSIFICATION);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.facts, {
    sourceRef: 's3://lookoutvision-console-us-east-1-nnnnnnnnnn/gt-job/manifest/IMG_1133.png',
    bucket: 'lookoutvision-console-us-east-1-nnnnnnnnnn',
    key: 'gt-job/manifest/IMG_1133.png',
    labelAttribute: 'anomaly-label',
    imageClass: 'normal',
    kind: 'classification',
    mask: undefined,
    anomalyLabels: [],
  });
});

test("the Developer Guide's segmentation line only fails on its placeholder references", () => {
  const codes = parseManifestLine(DG_SEGMENTATION).diagnostics.map((d) => d.code);
  assert.deepEqual(codes, ['source-ref-invalid', 'mask-ref-invalid']);
});

test('the segmentation example with real references is clean, with its facts', () => {
  const result = parseManifestLine(SEGMENTATION);
  assert.deepEqual(result.diagnostics, []);
  const facts = result.facts!;
  assert.equal(facts.kind, 'segmentation');
  assert.equal(facts.imageClass, 'anomaly');
  assert.deepEqual(facts.anomalyLabels, ['scratch', 'dent']);
  assert.equal(facts.mask?.attribute, 'anomaly-mask-ref');
  assert.equal(facts.mask?.bucket, 'my-bucket');
  assert.deepEqual(
    facts.mask?.colorMap.map((e) => e.hexColor),
    ['#ffffff', '#2ca02c', '#1f77b4'],
  );
});

test('any label attribute name works, and class-name alone decides the class', () => {
  const line = JSON.stringify({
    'source-ref': 's3://my-bucket/a.jpeg',
    defect: 0,
    'defect-metadata': {
      'class-name': 'anomaly',
      'human-annotated': 'no',
      type: 'groundtruth/image-classification',
    },
  });
  const result = parseManifestLine(line);
  assert.deepEqual(result.diagnostics, []);
  assert.equal(result.facts?.labelAttribute, 'defect');
  assert.equal(result.facts?.imageClass, 'anomaly');
});

test('an unknown class name makes the image unlabeled, with a warning only', () => {
  const result = parseManifestLine(
    edit(DG_CLASSIFICATION, (o) => (labelMeta(o)['class-name'] = 'scratched')),
  );
  assert.equal(result.facts?.imageClass, 'unlabeled');
  assert.equal(result.hasErrors, false);
});

test('an evaluation-manifest line (source-ref-metadata, a detected label) is accepted', () => {
  const line = JSON.stringify({
    'source-ref': 's3://customerbucket/path/to/image.jpg',
    'source-ref-metadata': { 'creation-date': '2020-05-22T21:33:37.201882' },
    'anomaly-label': 1,
    'anomaly-label-metadata': {
      'class-name': 'anomaly',
      type: 'groundtruth/image-classification',
      'human-annotated': 'yes',
      'creation-date': '2020-05-22T21:33:37.201882',
      'job-name': 'labeling-job/anomaly-detection',
    },
    'anomaly-label-detected': 1,
    'anomaly-label-detected-metadata': {
      'class-name': 'anomaly',
      confidence: 0.9,
      type: 'groundtruth/image-classification',
      'human-annotated': 'no',
      'creation-date': '2020-05-22T21:33:37.201882',
      'job-name': 'training-job/anomaly-detection',
    },
  });
  assert.deepEqual(parseManifestLine(line).diagnostics, []);
});

test('local image paths are accepted only when the caller allows them (workspace manifests)', () => {
  const line = edit(SEGMENTATION, (o) => {
    o['source-ref'] = 'plates/anomaly/plate-01.png';
    o['anomaly-mask-ref'] = 'plates/masks/plate-01.png';
  });
  const local = parseManifestLine(line, { localPaths: true });
  assert.deepEqual(local.diagnostics, []);
  assert.equal(local.facts?.bucket, undefined);
  assert.equal(local.facts?.key, 'plates/anomaly/plate-01.png');
  assert.deepEqual(
    parseManifestLine(line).diagnostics.map((d) => d.code),
    ['source-ref-invalid', 'mask-ref-invalid'],
  );
  const web = edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 'https://example.com/a.png'));
  assert.deepEqual(
    parseManifestLine(web, { localPaths: true }).diagnostics.map((d) => d.code),
    ['source-ref-invalid'],
  );
  const gif = edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 'images/a.gif'));
  assert.deepEqual(
    parseManifestLine(gif, { localPaths: true }).diagnostics.map((d) => d.code),
    ['image-extension'],
  );
});

test('lines sharing a bucket or a color map still get their own facts and diagnostics', () => {
  const valid = parseManifestLine(SEGMENTATION);
  assert.equal(valid.facts?.bucket, 'my-bucket');
  // Same length as the bucket just seen, but another (invalid) one; then an empty one.
  const otherBucket = parseManifestLine(
    edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 's3://MY-BUCKET/a.png')),
  );
  assert.deepEqual(
    otherBucket.diagnostics.map((d) => d.code),
    ['source-ref-invalid'],
  );
  const noBucket = parseManifestLine(edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 's3:///a.png')));
  assert.deepEqual(
    noBucket.diagnostics.map((d) => d.code),
    ['source-ref-invalid'],
  );
  // Same labels in another color: a map of its own, not the one seen before.
  const recolored = parseManifestLine(edit(SEGMENTATION, (o) => (entry(o, '1')['hex-color'] = '#00ff00')));
  assert.deepEqual(
    recolored.facts?.mask?.colorMap.map((e) => e.hexColor),
    ['#ffffff', '#00ff00', '#1f77b4'],
  );
  assert.deepEqual(recolored.facts?.anomalyLabels, ['scratch', 'dent']);
  const relabeled = parseManifestLine(edit(SEGMENTATION, (o) => delete colorMap(o)['2']));
  assert.deepEqual(relabeled.facts?.anomalyLabels, ['scratch']);
  assert.deepEqual(parseManifestLine(SEGMENTATION).facts, valid.facts);
});
