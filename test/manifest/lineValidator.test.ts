// The line templates are a shortcut: whatever line they accept must get exactly what the full validator
// gives it. Each test primes a validator with clean lines, then compares it with parseManifestLine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestLine } from '../../src/manifest/core';
import { LineValidator } from '../../src/manifest/core/lineValidator';
import type { ValidationOptions } from '../../src/manifest/core';
import { DG_CLASSIFICATION, SEGMENTATION, classificationLine, segmentationLine } from './samples';

function primed(seeds: readonly string[], options: ValidationOptions = {}): LineValidator {
  const validator = new LineValidator(options);
  for (const seed of seeds) validator.validate(seed);
  return validator;
}

function assertSameAsFull(validator: LineValidator, line: string, options: ValidationOptions = {}): void {
  assert.deepStrictEqual(validator.validate(line), parseManifestLine(line, options), line);
}

/** `text` with the `n`th occurrence (from 0) of the quoted value after `"key":` replaced by `value` (raw JSON text). */
function withValue(text: string, key: string, value: string, n = 0): string {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(`"${key}":`, at + 1);
  assert.ok(at >= 0, `${key} #${n} in ${text}`);
  const start = at + key.length + 3;
  const end =
    text[start] === '"' ? text.indexOf('"', start + 1) + 1 : text.slice(start).search(/[,}]/) + start;
  return text.slice(0, start) + value + text.slice(end);
}

const CLEAN_SEEDS = [
  DG_CLASSIFICATION.replace('lookoutvision-console-us-east-1-nnnnnnnnnn', 'my-bucket'),
  SEGMENTATION,
  classificationLine('my-bucket', 'a.jpg', 'anomaly'),
  segmentationLine('my-bucket', 'b.png', ['scratch']),
  // Fields of other tools, which no rule reads, nested too.
  classificationLine('my-bucket', 'c.png', 'normal').replace(
    '{',
    '{"note":"first","source-ref-metadata":{"tags":["a",2,{"b":-3.5e2}],"flag":true},',
  ),
];

test('lines that differ from a clean line only in values no rule reads, references and dates are learnt once', () => {
  const validator = primed(CLEAN_SEEDS);
  const learnt = validator.templateCount;
  assert.ok(learnt >= CLEAN_SEEDS.length, `one layout per seed (${learnt})`);
  for (let i = 0; i < 200; i++) {
    const seed = i % 3 === 2 ? 4 : i % 2;
    let line = withValue(CLEAN_SEEDS[seed]!, 'source-ref', `"s3://my-bucket/images/img-${i}.png"`);
    line = withValue(line, 'creation-date', `"2021-03-0${1 + (i % 9)}T10:00:0${i % 10}.${i}"`);
    line = withValue(line, 'anomaly-label', String(i % 2));
    if (seed === 4) {
      line = withValue(line, 'note', `"note ${i}"`);
      line = withValue(line, 'b', String(-i));
    } else {
      line = withValue(line, 'job-name', `"labeling-job/run-${i}"`);
    }
    if (seed === 1) line = withValue(line, 'anomaly-mask-ref', `"s3://my-bucket/masks/img-${i}.png"`);
    const result = validator.validate(line);
    assert.equal(result.diagnostics.length, 0, line);
    assertSameAsFull(validator, line);
  }
  assert.equal(validator.templateCount, learnt, 'no new layout for new values');
  // Each value that starts to vary costs one line in full; the rest fit the templates.
  assert.ok(validator.templateFits >= 190, `${validator.templateFits} of 200 lines fitted a template`);
});

test('a value in a learnt place still gets every rule that reads it', () => {
  const [classification, segmentation] = CLEAN_SEEDS as [string, string];
  // Lines that differ in every value that may vary open all the holes of the two layouts.
  const varied = (line: string) => {
    let text = withValue(line, 'source-ref', '"s3://my-bucket/images/other.png"');
    for (const n of [0, 1])
      if (text.split('"creation-date"').length > n + 1)
        text = withValue(text, 'creation-date', `"2022-0${n + 1}-01T00:00:00"`, n);
    for (const n of [0, 1])
      if (text.split('"job-name"').length > n + 1) text = withValue(text, 'job-name', `"job-${n}"`, n);
    text = withValue(text, 'confidence', '0.5');
    return withValue(text, 'anomaly-label', '7');
  };
  const validator = primed([classification, segmentation, varied(classification), varied(segmentation)]);
  assert.equal(validator.templateCount, 2);
  const cases = [
    withValue(classification, 'source-ref', '"s3://my-bucket/images/a.gif"'),
    withValue(classification, 'source-ref', '"s3://My_Bucket/a.png"'),
    withValue(classification, 'source-ref', '"https://example.com/a.png"'),
    withValue(classification, 'source-ref', '""'),
    withValue(classification, 'source-ref', '"s3://my-bucket/a\\u0041.png"'),
    withValue(classification, 'source-ref', '"s3://my-bucket/a\\".png"'),
    withValue(classification, 'source-ref', '"s3://my-bucket/a\t.png"'),
    withValue(classification, 'creation-date', '"yesterday"'),
    withValue(classification, 'creation-date', '"2021-02-30T10:00:00"'),
    withValue(classification, 'creation-date', '"2021-02-03T10:00:00\\n"'),
    withValue(classification, 'confidence', '1e999'),
    withValue(classification, 'confidence', '01'),
    withValue(classification, 'confidence', '-'),
    withValue(classification, 'confidence', '.5'),
    withValue(classification, 'confidence', '"0.5"'),
    withValue(classification, 'confidence', '0.5e'),
    withValue(classification, 'confidence', '-0.5E+2'),
    withValue(classification, 'anomaly-label', 'true'),
    withValue(classification, 'job-name', '"tab\there"'),
    withValue(segmentation, 'anomaly-mask-ref', '"s3://other-bucket/masks/img1.png"'),
    withValue(segmentation, 'anomaly-mask-ref', '"s3://my-bucket/masks/img1.jpg"'),
    withValue(segmentation, 'anomaly-mask-ref', '"s3:/my-bucket"'),
    withValue(segmentation, 'source-ref', '"s3://other-bucket/images/img1.png"'),
    withValue(segmentation, 'creation-date', '"not a date"', 1),
    withValue(segmentation, 'class-name', '"anomly"'),
    `${classification} `,
    ` ${classification}`,
    classification.slice(0, -1),
    `${classification}}`,
    classification.replace('"source-ref"', '"source-ref":"s3://my-bucket/x.png","source-ref"'),
    classification + ' '.repeat(8200),
  ];
  for (const line of cases) assertSameAsFull(validator, line);
});

test('local paths are learnt only when the options allow them', () => {
  const options = { localPaths: true };
  const local = withValue(CLEAN_SEEDS[0]!, 'source-ref', '"images/a.png"');
  const validator = primed([local], options);
  for (const ref of [
    '"images/b.png"',
    '"C:/data/c.jpeg"',
    '"http://x/y.png"',
    '"s3://my-bucket/d.png"',
    '" "',
  ])
    assertSameAsFull(validator, withValue(local, 'source-ref', ref), options);
  const strict = primed([CLEAN_SEEDS[0]!]);
  assertSameAsFull(strict, local);
});

test('lines with a key given twice are not learnt, nor lines with several labels or masks', () => {
  const twice = CLEAN_SEEDS[0]!.replace('"type":', '"job-name":"x","type":');
  const twoLabels = CLEAN_SEEDS[0]!.replace(
    '"anomaly-label":',
    '"other":1,"other-metadata":{"class-name":"normal","human-annotated":"yes","type":"groundtruth/image-classification"},"anomaly-label":',
  );
  for (const line of [twice, twoLabels]) {
    const validator = new LineValidator();
    assertSameAsFull(validator, line);
    assert.equal(validator.templateCount, 0, line);
  }
});

test('after a run of lines that fit no template, the templates are found again', () => {
  const validator = primed(CLEAN_SEEDS);
  for (let i = 0; i < 500; i++) validator.validate(`{"source-ref":"s3://my-bucket/${i}.png","k${i}":1}`);
  const before = validator.templateFits;
  for (let i = 0; i < 100; i++)
    validator.validate(withValue(CLEAN_SEEDS[0]!, 'source-ref', `"s3://my-bucket/again/${i}.png"`));
  assert.ok(validator.templateFits - before >= 80, `${validator.templateFits - before} of 100 fitted`);
});

function makeRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state % n;
  };
}

// Pieces that break a value (quotes, escapes, control characters, bad numbers) and pieces that keep it valid.
const PIECES = [
  '"',
  '\\',
  '\\"',
  '\u0000',
  '\u001f',
  ' ',
  '0',
  '-',
  '1e999',
  '.',
  ':',
  ',',
  '}',
  '{',
  'x',
  '/',
  '.png',
  '.jpg',
  'a',
  '7',
  '_',
  'Z',
];

/** Where each string or number value of `line` starts and ends. */
function valueSpans(line: string): [number, number][] {
  return [...line.matchAll(/":"([^"]*)"|":(-?[\d.eE+-]+)/g)].map((m) => {
    const start = m.index + (m[1] === undefined ? 2 : 3);
    return [start, start + (m[1] ?? m[2]!).length];
  });
}

test('10,000 lines mutated in and around the learnt values get what the full validator gives them', () => {
  const random = makeRandom(11);
  const validator = primed(CLEAN_SEEDS);
  for (let i = 0; i < 10_000; i++) {
    let line = CLEAN_SEEDS[i % CLEAN_SEEDS.length]!;
    for (let round = 1 + random(3); round > 0; round--) {
      // Mostly inside a value, where the holes are; sometimes anywhere.
      const spans = valueSpans(line);
      const [start, end] = spans.length && random(4) ? spans[random(spans.length)]! : [0, line.length];
      const at = start + random(end - start + 1);
      const piece = PIECES[random(PIECES.length)]!;
      line =
        random(3) === 0 ? line.slice(0, at) + line.slice(at + 1) : line.slice(0, at) + piece + line.slice(at);
    }
    assertSameAsFull(validator, line);
    // Clean lines between the broken ones, as in a real file, keep the validator trying its templates.
    validator.validate(
      withValue(CLEAN_SEEDS[i % CLEAN_SEEDS.length]!, 'source-ref', `"s3://my-bucket/x/${i}.png"`),
    );
  }
  assert.ok(validator.templateFits > 10_000 + 200, `${validator.templateFits} lines fitted a template`);
});
