// The incremental model: cross-line rules, the summary and training minimums, and edits that give the
// same result as validating the edited text from scratch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManifestModel, type ManifestDiagnostic } from '../../src/manifest/core';
import { classificationLine, segmentationLine, SEGMENTATION, DG_CLASSIFICATION } from './samples';

const codesByLine = (diagnostics: readonly ManifestDiagnostic[]) =>
  diagnostics.map((d) => `${d.line + 1}:${d.code}`);

function lines(
  count: number,
  className: 'normal' | 'anomaly',
  bucket = 'my-bucket',
  prefix: string = className,
): string[] {
  return Array.from({ length: count }, (_, i) => classificationLine(bucket, `${prefix}/${i}.png`, className));
}

test('a duplicate source-ref is flagged on the later line, with a remove-line fix', () => {
  const a = classificationLine('my-bucket', 'a.png', 'normal');
  const model = new ManifestModel([a, classificationLine('my-bucket', 'b.png', 'normal'), a].join('\n'));
  const dup = model.diagnostics().filter((d) => d.code === 'duplicate-source-ref');
  assert.equal(dup.length, 1);
  assert.equal(dup[0]!.line, 2);
  assert.match(dup[0]!.message, /line 1 \(identical line\)/);
  assert.equal(model.lineText(2).slice(dup[0]!.start, dup[0]!.end), '"s3://my-bucket/a.png"');
  assert.deepEqual(dup[0]!.fix, { title: 'Remove this duplicate line', removeLine: true });
});

test('images outside the bucket most lines use are errors', () => {
  const text = [...lines(3, 'normal'), classificationLine('other-bucket', 'x.png', 'normal')].join('\n');
  const found = new ManifestModel(text).diagnostics().filter((d) => d.code === 'bucket-mismatch');
  assert.deepEqual(
    found.map((d) => [d.line, d.severity]),
    [[3, 'error']],
  );
});

test('anomalous lines without masks in a segmentation manifest are mixed kinds', () => {
  const text = [
    segmentationLine('my-bucket', 'a.png', ['scratch']),
    segmentationLine('my-bucket', 'b.png', ['dent']),
    classificationLine('my-bucket', 'c.png', 'anomaly'),
  ].join('\n');
  const model = new ManifestModel(text);
  const mixed = model.diagnostics().filter((d) => d.code === 'mixed-kinds');
  assert.equal(mixed.length, 1);
  assert.equal(mixed[0]!.line, 2);
  assert.equal(model.lineText(2).slice(mixed[0]!.start, mixed[0]!.end), '"anomaly-label"');
  assert.equal(model.summary().kind, 'mixed');
});

test('blank lines are flagged except the final one', () => {
  const model = new ManifestModel(
    `${DG_CLASSIFICATION}\n\n${DG_CLASSIFICATION.replace('IMG_1133', 'IMG_1134')}\n`,
  );
  assert.deepEqual(
    codesByLine(model.diagnostics()).filter((c) => !c.endsWith('training-minimum')),
    ['2:blank-line'],
  );
});

test('summary counts classes and meets the single-dataset minimum at 20 normal + 10 anomalous', () => {
  const unlabeled = classificationLine('my-bucket', 'u.png', 'normal').replace('"normal"', '"unsure"');
  const model = new ManifestModel([...lines(19, 'normal'), ...lines(10, 'anomaly'), unlabeled].join('\n'));
  let summary = model.summary();
  assert.deepEqual(
    [summary.normal, summary.anomaly, summary.unlabeled, summary.kind],
    [19, 10, 1, 'classification'],
  );
  assert.equal(summary.readiness.singleDataset.met, false);
  assert.deepEqual(summary.readiness.singleDataset.missing, ['1 more normal images (19 of 20)']);
  assert.equal(summary.readiness.trainingDataset.met, true);
  assert.equal(summary.readiness.testDataset.met, true);
  const info = model.diagnostics().find((d) => d.code === 'training-minimum');
  assert.equal(info?.severity, 'information');
  assert.equal(info?.line, 0);

  model.applyChange({
    startLine: 0,
    startCharacter: 0,
    endLine: 0,
    endCharacter: 0,
    text: `${lines(1, 'normal', 'my-bucket', 'extra')[0]}\n`,
  });
  summary = model.summary();
  assert.equal(summary.normal, 20);
  assert.equal(summary.readiness.singleDataset.met, true);
  assert.equal(
    model.diagnostics().some((d) => d.code === 'training-minimum'),
    false,
  );
});

test('segmentation minimums count images with a single anomaly label, per label', () => {
  const seg = [
    ...Array.from({ length: 20 }, (_, i) => segmentationLine('my-bucket', `n${i}.png`, [])),
    ...Array.from({ length: 20 }, (_, i) => segmentationLine('my-bucket', `s${i}.png`, ['scratch'])),
    ...Array.from({ length: 12 }, (_, i) => segmentationLine('my-bucket', `d${i}.png`, ['dent'])),
    segmentationLine('my-bucket', 'both.png', ['scratch', 'dent']),
  ];
  const summary = new ManifestModel(seg.join('\n')).summary();
  assert.equal(summary.kind, 'segmentation');
  assert.deepEqual(summary.labels, [
    { name: 'dent', images: 13, singleLabelImages: 12 },
    { name: 'scratch', images: 21, singleLabelImages: 20 },
  ]);
  assert.deepEqual(summary.readiness.singleDataset.missing, ['8 more images with only "dent" (12 of 20)']);
  assert.equal(summary.readiness.testDataset.met, true);
});

test('the segmentation sample line is counted under its labels', () => {
  const summary = new ManifestModel(SEGMENTATION).summary();
  assert.deepEqual(
    summary.labels.map((l) => l.name),
    ['dent', 'scratch'],
  );
});

/** Applies an edit to plain text, the way an editor would. */
function applyToText(
  text: string,
  change: { startLine: number; startCharacter: number; endLine: number; endCharacter: number; text: string },
): string {
  const all = text.split('\n');
  const offset = (line: number, character: number) =>
    all.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + character;
  const start = offset(change.startLine, change.startCharacter);
  const end = offset(change.endLine, change.endCharacter);
  return text.slice(0, start) + change.text + text.slice(end);
}

type Position = [line: number, character: number];

/** Integers below `n`, the same sequence for the same seed (from the high bits: the low ones of an LCG cycle fast). */
function seededRandom(seed: number): (n: number) => number {
  return (n) => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return Math.floor((seed / 2 ** 32) * n);
  };
}

test('random edits give the same diagnostics and summary as validating the result from scratch', () => {
  const random = seededRandom(42);
  const pool = [
    ...lines(6, 'normal'),
    ...lines(4, 'anomaly'),
    classificationLine('other-bucket', 'o.png', 'normal'),
    segmentationLine('my-bucket', 'seg.png', ['scratch']),
    '',
    '{"broken": ',
  ];
  let text = pool.slice(0, 8).join('\n');
  const model = new ManifestModel(text);
  for (let step = 0; step < 300; step++) {
    const all = text.split('\n');
    const startLine = random(all.length);
    const endLine = Math.min(all.length - 1, startLine + random(3));
    const startCharacter = random(all[startLine]!.length + 1);
    const endCharacter =
      endLine === startLine
        ? startCharacter + random(all[endLine]!.length - startCharacter + 1)
        : random(all[endLine]!.length + 1);
    const kind = random(4);
    const inserted =
      kind === 0
        ? ''
        : kind === 1
          ? `${pool[random(pool.length)]}\n`
          : kind === 2
            ? '\n'
            : pool[random(pool.length)]!.slice(0, random(30));
    const change = { startLine, startCharacter, endLine, endCharacter, text: inserted };
    text = applyToText(text, change);
    model.applyChange(change);
    const fresh = new ManifestModel(text);
    assert.equal(model.lineCount, fresh.lineCount);
    assert.deepEqual(model.diagnostics(), fresh.diagnostics(), `step ${step}`);
    assert.deepEqual(model.summary(), fresh.summary(), `step ${step}`);
  }
});

test('duplicates kept edit by edit are flagged as in a model built from the edited text', () => {
  const random = seededRandom(7);
  // Four images on lines that differ or not, among lines of images of their own, a broken line and a blank one: edits
  // make groups of lines grow and shrink, lose their first line or gain one before it.
  const pool = ['a', 'b', 'c', 'd'].flatMap((name) => [
    classificationLine('my-bucket', `${name}.png`, 'normal'),
    classificationLine('my-bucket', `${name}.png`, 'anomaly'),
  ]);
  pool.push('{"broken": ', '');
  let unique = 0;
  const pick = () =>
    random(2) === 0
      ? classificationLine('my-bucket', `unique-${unique++}.png`, 'normal')
      : pool[random(pool.length)]!;
  let text = Array.from({ length: 30 }, pick).join('\n');
  const model = new ManifestModel(text);
  const replace = (
    [startLine, startCharacter]: Position,
    [endLine, endCharacter]: Position,
    text: string,
  ) => ({
    startLine,
    startCharacter,
    endLine,
    endCharacter,
    text,
  });
  let duplicates = 0;
  for (let step = 0; step < 500; step++) {
    const all = text.split('\n');
    const line = random(all.length);
    const end = Math.min(all.length - 1, line + random(3));
    const length = (at: number) => all[at]!.length;
    const image = all[line]!.indexOf('.png');
    const kind = random(4);
    const change =
      kind === 0
        ? replace([line, 0], [line, 0], Array.from({ length: 1 + random(3) }, () => `${pick()}\n`).join(''))
        : kind === 1 && end < all.length - 1
          ? replace([line, 0], [end + 1, 0], '')
          : kind === 1 && line > 0
            ? replace([line - 1, length(line - 1)], [end, length(end)], '')
            : kind === 2 && image > 0
              ? replace([line, image - 1], [line, image], 'abcd'[random(4)]!) // another image on the same line
              : replace([line, 0], [line, length(line)], pick());
    text = applyToText(text, change);
    // Now and then the text is read again, as the editor does for edits of many changes.
    if (random(10) === 0) model.setText(text);
    else model.applyChange(change);
    // Several edits between checks, as between two diagnostics the editor publishes.
    if (random(3) === 0) continue;
    const expected = new ManifestModel(text).diagnostics();
    assert.deepEqual(model.diagnostics(), expected, `step ${step}`);
    duplicates += expected.filter((d) => d.code === 'duplicate-source-ref').length;
  }
  assert.ok(duplicates > 1000, `${duplicates} duplicate diagnostics checked`);
});

test('an edit outside the document is refused without changing the model', () => {
  const model = new ManifestModel(DG_CLASSIFICATION);
  assert.throws(
    () => model.applyChange({ startLine: 3, startCharacter: 0, endLine: 3, endCharacter: 0, text: 'x' }),
    RangeError,
  );
  assert.equal(model.lineCount, 1);
  assert.deepEqual(
    model.diagnostics().filter((d) => d.code !== 'training-minimum'),
    [],
  );
});

test('entries() yields the facts of every entry with its line', () => {
  const model = new ManifestModel(`${DG_CLASSIFICATION}\nnot json\n${SEGMENTATION}`);
  assert.deepEqual(
    [...model.entries()].map((e) => [e.line, e.facts.kind]),
    [
      [0, 'classification'],
      [2, 'segmentation'],
    ],
  );
});
