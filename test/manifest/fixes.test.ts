// Quick fixes: applying each one removes the diagnostic it was offered for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestLine, type LineDiagnostic } from '../../src/manifest/core';
import { DG_CLASSIFICATION, SEGMENTATION, edit } from './samples';

type Json = Record<string, unknown>;
const labelMeta = (o: Json) => o['anomaly-label-metadata'] as Json;
const colorMap = (o: Json) => (o['anomaly-mask-ref-metadata'] as Json)['internal-color-map'] as Json;

function applyFix(line: string, d: LineDiagnostic): string {
  assert.ok(d.fix && 'edits' in d.fix, `no edit fix for ${d.code}`);
  let text = line;
  for (const e of [...d.fix.edits].sort((a, b) => b.start - a.start))
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

const CASES: { name: string; line: string; code: string; expect: (o: Json) => unknown; value: unknown }[] = [
  {
    name: 'typo in class-name',
    line: edit(DG_CLASSIFICATION, (o) => (labelMeta(o)['class-name'] = 'Anomalous')),
    code: 'class-name-unknown',
    expect: (o) => labelMeta(o)['class-name'],
    value: 'anomaly',
  },
  {
    name: 'missing human-annotated',
    line: edit(DG_CLASSIFICATION, (o) => delete labelMeta(o)['human-annotated']),
    code: 'human-annotated-missing',
    expect: (o) => labelMeta(o)['human-annotated'],
    value: 'yes',
  },
  {
    name: 'missing type',
    line: edit(DG_CLASSIFICATION, (o) => delete labelMeta(o)['type']),
    code: 'type-missing',
    expect: (o) => labelMeta(o)['type'],
    value: 'groundtruth/image-classification',
  },
  {
    name: "wrong type for the line's kind",
    line: edit(
      SEGMENTATION,
      (o) => ((o['anomaly-mask-ref-metadata'] as Json)['type'] = 'groundtruth/image-classification'),
    ),
    code: 'type-invalid',
    expect: (o) => (o['anomaly-mask-ref-metadata'] as Json)['type'],
    value: 'groundtruth/semantic-segmentation',
  },
  {
    name: 'upper-case hex',
    line: edit(SEGMENTATION, (o) => ((colorMap(o)['1'] as Json)['hex-color'] = '#2CA02C')),
    code: 'hex-color-case',
    expect: (o) => (colorMap(o)['1'] as Json)['hex-color'],
    value: '#2ca02c',
  },
  {
    name: 'missing background entry',
    line: edit(SEGMENTATION, (o) => delete colorMap(o)['0']),
    code: 'color-map-background',
    expect: (o) => colorMap(o)['0'],
    value: { 'class-name': 'BACKGROUND', 'hex-color': '#ffffff', confidence: 0 },
  },
  {
    name: 'human-annotated as a boolean',
    line: edit(DG_CLASSIFICATION, (o) => (labelMeta(o)['human-annotated'] = false)),
    code: 'human-annotated-invalid',
    expect: (o) => labelMeta(o)['human-annotated'],
    value: 'no',
  },
];

for (const c of CASES) {
  test(`quick fix: ${c.name}`, () => {
    const before = parseManifestLine(c.line);
    const d = before.diagnostics.find((x) => x.code === c.code);
    assert.ok(d, `no ${c.code} in ${JSON.stringify(before.diagnostics)}`);
    const fixed = applyFix(c.line, d);
    assert.deepEqual(c.expect(JSON.parse(fixed) as Json), c.value);
    assert.deepEqual(parseManifestLine(fixed).diagnostics, []);
  });
}

test('a missing key is added to an empty metadata object too', () => {
  const line = '{"source-ref":"s3://my-bucket/a.png","l":1,"l-metadata":{}}';
  const d = parseManifestLine(line).diagnostics.find((x) => x.code === 'type-missing')!;
  assert.equal(
    applyFix(line, d),
    '{"source-ref":"s3://my-bucket/a.png","l":1,"l-metadata":{"type":"groundtruth/image-classification"}}',
  );
});

test('no fix is offered when the intended class is not guessable', () => {
  const line = edit(DG_CLASSIFICATION, (o) => (labelMeta(o)['class-name'] = 'scratched'));
  const d = parseManifestLine(line).diagnostics.find((x) => x.code === 'class-name-unknown');
  assert.equal(d?.fix, undefined);
});

test('a key given twice is judged, underlined and fixed on its last value, the one JSON.parse reads', () => {
  const line = DG_CLASSIFICATION.replace(
    '"class-name":"normal"',
    '"class-name":"normal","class-name":"Anomalous"',
  );
  assert.notEqual(line, DG_CLASSIFICATION);
  const d = parseManifestLine(line).diagnostics.find((x) => x.code === 'class-name-unknown')!;
  assert.equal(line.slice(d.start, d.end), '"Anomalous"');
  const fixed = applyFix(line, d);
  assert.ok(!parseManifestLine(fixed).diagnostics.some((x) => x.code === 'class-name-unknown'));
  assert.equal(labelMeta(JSON.parse(fixed) as Json)['class-name'], 'anomaly');
});
