// Misspelt s3:// references and local paths that name no file: errors, with the fix that rewrites a misspelt
// reference to the s3://bucket/key it meant; existence is asked once per path, also for lines templates fit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ManifestModel,
  parseManifestLine,
  type LineDiagnostic,
  type ValidationOptions,
} from '../../src/manifest/core';
import { LineValidator } from '../../src/manifest/core/lineValidator';
import { DG_CLASSIFICATION, SEGMENTATION, classificationLine, edit } from './samples';

type Json = Record<string, unknown>;

function applyFix(line: string, d: LineDiagnostic): string {
  assert.ok(d.fix && 'edits' in d.fix, `no edit fix for ${d.code}: ${JSON.stringify(d)}`);
  let text = line;
  for (const e of [...d.fix.edits].sort((a, b) => b.start - a.start))
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

const MEANT = 's3://tile-bucket/normal/tile-06.png';
const MISSPELLINGS = [
  's3:/tile-bucket/normal/tile-06.png',
  's3//tile-bucket/normal/tile-06.png',
  'S3://tile-bucket/normal/tile-06.png',
  's3:\\\\tile-bucket\\normal\\tile-06.png',
  's3:tile-bucket/normal/tile-06.png',
  's3:///tile-bucket/normal/tile-06.png',
];

for (const options of [{}, { localPaths: true }] satisfies ValidationOptions[]) {
  for (const ref of MISSPELLINGS) {
    test(`${JSON.stringify(ref)} is an error fixed to ${MEANT}${options.localPaths ? ' (local paths allowed)' : ''}`, () => {
      const line = edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = ref));
      const [d, ...others] = parseManifestLine(line, options).diagnostics;
      assert.equal(d?.code, 'source-ref-invalid');
      assert.equal(d.severity, 'error');
      assert.match(d.message, /misspelt s3:\/\/ reference/);
      assert.deepEqual(others, []);
      assert.equal(d.fix?.title, `Change to "${MEANT}"`);
      const fixed = applyFix(line, d);
      assert.equal((JSON.parse(fixed) as Json)['source-ref'], MEANT);
      assert.deepEqual(parseManifestLine(fixed, options).diagnostics, []);
    });
  }
}

test('a misspelt mask reference gets the same fix', () => {
  const line = edit(SEGMENTATION, (o) => (o['anomaly-mask-ref'] = 's3:/my-bucket/masks/img1.png'));
  const d = parseManifestLine(line, { localPaths: true }).diagnostics.find(
    (x) => x.code === 'mask-ref-invalid',
  );
  assert.ok(d);
  const fixed = applyFix(line, d);
  assert.equal((JSON.parse(fixed) as Json)['anomaly-mask-ref'], 's3://my-bucket/masks/img1.png');
  assert.deepEqual(parseManifestLine(fixed, { localPaths: true }).diagnostics, []);
});

test('a misspelt reference whose corrected form is still invalid is an error without a fix', () => {
  const line = edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 's3:/Tile_Bucket/a.png'));
  const [d] = parseManifestLine(line, { localPaths: true }).diagnostics;
  assert.equal(d?.code, 'source-ref-invalid');
  assert.equal(d.fix, undefined);
});

test('local paths that merely start like "s3" stay local paths', () => {
  for (const ref of ['s3/tiles/a.png', 's3bucket/a.png', 'images/s3:/a.png']) {
    const line = edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = ref));
    assert.deepEqual(parseManifestLine(line, { localPaths: true }).diagnostics, [], ref);
  }
});

test('local paths are checked only when the caller can tell whether they exist', () => {
  const line = edit(DG_CLASSIFICATION, (o) => (o['source-ref'] = 'plates/missing.png'));
  assert.deepEqual(parseManifestLine(line, { localPaths: true }).diagnostics, []);
  const [d] = parseManifestLine(line, { localPaths: true, pathExists: () => false }).diagnostics;
  assert.equal(d?.code, 'local-file-missing');
  assert.equal(d.severity, 'error');
  assert.match(d.message, /"plates\/missing\.png" does not exist/);
  // s3:// references are never asked about.
  const asked: string[] = [];
  parseManifestLine(DG_CLASSIFICATION, {
    localPaths: true,
    pathExists: (path) => (asked.push(path), false),
  });
  assert.deepEqual(asked, []);
});

/** Lines of one layout with local paths: after the first few, templates check them. */
function localLines(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    classificationLine('b', `x${i}.png`, i % 2 ? 'anomaly' : 'normal').replace(
      `"s3://b/x${i}.png"`,
      `"images/x${i}.png"`,
    ),
  );
}

test('templates check local paths too, asking once per path', () => {
  const lines = localLines(200);
  const missing = new Set(['images/x150.png', 'images/x151.png']);
  const asked = new Map<string, number>();
  const options: ValidationOptions = {
    localPaths: true,
    pathExists: (path) => {
      asked.set(path, (asked.get(path) ?? 0) + 1);
      return !missing.has(path);
    },
  };
  const validator = new LineValidator(options);
  const results = lines.map((line) => validator.validate(line));
  assert.ok(validator.templateFits > 150, `templates fitted ${validator.templateFits} lines`);
  results.forEach((result, i) => {
    const expected = missing.has(`images/x${i}.png`) ? ['local-file-missing'] : [];
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      expected,
      `line ${i}`,
    );
  });
  assert.equal(asked.size, 200);
  assert.ok(
    [...asked.values()].every((n) => n === 1),
    'each path asked once',
  );
});

test('a model re-checks an edited line with the cached answer', () => {
  let calls = 0;
  const model = new ManifestModel(localLines(30).join('\n'), {
    localPaths: true,
    pathExists: (path) => (calls++, path !== 'images/x3.png'),
  });
  assert.deepEqual(
    model
      .diagnostics()
      .filter((d) => d.code === 'local-file-missing')
      .map((d) => d.line),
    [3],
  );
  const before = calls;
  const text = model.lineText(3);
  model.applyChange({
    startLine: 3,
    startCharacter: 0,
    endLine: 3,
    endCharacter: text.length,
    text: `${text} `,
  });
  assert.equal(calls, before);
  assert.deepEqual(
    model
      .diagnostics()
      .filter((d) => d.code === 'local-file-missing')
      .map((d) => d.line),
    [3],
  );
});

test('a missing class-name is added from the label value: 1 anomaly, 0 normal', () => {
  for (const [value, className] of [
    [1, 'anomaly'],
    [0, 'normal'],
  ] as const) {
    const line = edit(DG_CLASSIFICATION, (o) => {
      o['anomaly-label'] = value;
      delete (o['anomaly-label-metadata'] as Json)['class-name'];
    });
    const d = parseManifestLine(line).diagnostics.find((x) => x.code === 'class-name-missing');
    assert.ok(d);
    assert.equal(d.fix?.title, `Add "class-name": "${className}" (anomaly-label is ${value})`);
    const fixed = applyFix(line, d);
    assert.equal(((JSON.parse(fixed) as Json)['anomaly-label-metadata'] as Json)['class-name'], className);
    assert.deepEqual(parseManifestLine(fixed).diagnostics, []);
    assert.equal(parseManifestLine(fixed).facts?.imageClass, className);
  }
});

test('no class-name fix when the label value does not say the class', () => {
  const line = edit(DG_CLASSIFICATION, (o) => {
    o['anomaly-label'] = 'yes';
    delete (o['anomaly-label-metadata'] as Json)['class-name'];
  });
  const d = parseManifestLine(line).diagnostics.find((x) => x.code === 'class-name-missing');
  assert.ok(d);
  assert.equal(d.fix, undefined);
});
