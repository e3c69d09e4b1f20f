// 10,000 mutated manifest lines: validation never throws, and every range and fix stays inside its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManifestModel, completeManifestLine, parseManifestLine } from '../../src/manifest/core';
import { DG_CLASSIFICATION, DG_SEGMENTATION, SEGMENTATION } from './samples';

const SEEDS = [DG_CLASSIFICATION, DG_SEGMENTATION, SEGMENTATION];
const PIECES = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '\\',
  '\\u',
  '0',
  '-1e999',
  'null',
  'true',
  ' ',
  '\u0000',
  '\ud800',
  '#',
  '/',
  '*',
  '"0"',
  '{}',
  '[]',
  '"s3://"',
];

function makeRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state % n;
  };
}

function mutate(line: string, random: (n: number) => number): string {
  let text = line;
  const rounds = 1 + random(4);
  for (let r = 0; r < rounds; r++) {
    const at = random(text.length + 1);
    const span = random(12);
    switch (random(5)) {
      case 0:
        text = text.slice(0, at) + text.slice(at + span);
        break;
      case 1:
        text = text.slice(0, at) + PIECES[random(PIECES.length)] + text.slice(at);
        break;
      case 2:
        text = text.slice(0, at) + text.slice(at, at + span).repeat(2) + text.slice(at + span);
        break;
      case 3:
        text = text.slice(0, at);
        break;
      default: {
        // Replace a quoted value with another JSON value, keeping the line valid JSON more often.
        const quote = text.indexOf('":"', at);
        if (quote > 0)
          text = `${text.slice(0, quote + 2)}${PIECES[random(PIECES.length)]}${text.slice(text.indexOf('"', quote + 3) + 1)}`;
      }
    }
  }
  return text;
}

test('10,000 mutated lines never throw and keep ranges inside the line', () => {
  const random = makeRandom(7);
  const mutated: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const line = mutate(SEEDS[i % SEEDS.length]!, random);
    mutated.push(line);
    const result = parseManifestLine(line);
    for (const d of result.diagnostics) {
      assert.ok(
        0 <= d.start && d.start <= d.end && d.end <= line.length,
        `range ${d.start}-${d.end} in ${line}`,
      );
      if (d.fix && 'edits' in d.fix) {
        for (const e of d.fix.edits) assert.ok(0 <= e.start && e.start <= e.end && e.end <= line.length);
      }
    }
    completeManifestLine(line, random(line.length + 1));
  }
  const model = new ManifestModel(mutated.join('\n'));
  assert.equal(model.lineCount, mutated.length);
  assert.ok(model.diagnostics().length > 0);
  model.summary();
});
