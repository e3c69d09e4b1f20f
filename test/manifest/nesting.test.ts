// A line nested thousands of levels deep once overflowed the stack of every positional parse (syntax errors, hover,
// completion, problem locations). Such a line is now one clear diagnostic, and nothing recursive ever reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ManifestModel,
  MAX_NESTING,
  RULES,
  completeManifestLine,
  hoverAt,
  parseManifestLine,
  validateManifest,
} from '../../src/manifest/core';
import { LineValidator } from '../../src/manifest/core/lineValidator';
import { excessNestingAt } from '../../src/manifest/core/lineTree';
import { classificationLine } from './samples';

const PREFIX = '{"source-ref":"s3://b/a.png","x":';
/** The line that bricked the engine: 8,000 unclosed brackets. */
const POISON = PREFIX + '['.repeat(8000);
/** Deep and closed: valid JSON that JSON.parse accepts (and short enough to be a dataset entry). */
const DEEP_ARRAYS = PREFIX + '['.repeat(4000) + ']'.repeat(4000) + '}';
const DEEP_OBJECTS = PREFIX + '{"a":'.repeat(1300) + '1' + '}'.repeat(1300) + '}';

function nestingDiagnostics(text: string) {
  return parseManifestLine(text).diagnostics.filter((d) => d.code === 'nesting-too-deep');
}

test('the nesting scan stops at the bracket that goes one level too deep', () => {
  assert.equal(excessNestingAt(PREFIX + '['.repeat(MAX_NESTING - 1)), -1, 'the line object is level 1');
  assert.equal(excessNestingAt(PREFIX + '['.repeat(MAX_NESTING)), PREFIX.length + MAX_NESTING - 1);
  assert.equal(excessNestingAt(POISON), PREFIX.length + MAX_NESTING - 1);
  assert.equal(excessNestingAt('[]'.repeat(10_000)), -1, 'siblings do not add up');
});

test('brackets inside strings, escaped quotes and comments do not count; a string ends at a line break', () => {
  assert.equal(excessNestingAt(`{"note":"${'['.repeat(8000)}"}`), -1);
  assert.equal(excessNestingAt(`{"note":"\\"${'{'.repeat(8000)}"}`), -1, 'an escaped quote does not end it');
  // The line object is level 1: its 64th bracket goes one too deep.
  assert.equal(excessNestingAt(`{"a":"\\\\"${'['.repeat(100)}`), 9 + 63, 'an escaped backslash does');
  assert.equal(excessNestingAt(`/* " */${'['.repeat(100)}`), 7 + 64);
  assert.equal(excessNestingAt(`// ${'['.repeat(100)}\n[`), -1);
  assert.equal(excessNestingAt(`{"a":"unterminated\n${'['.repeat(100)}`), 19 + 63);
});

test('a line nested too deep is one error with its own rule, at the first bracket too many', () => {
  for (const line of [POISON, DEEP_ARRAYS, DEEP_OBJECTS]) {
    const result = parseManifestLine(line);
    assert.equal(result.hasErrors, true);
    assert.equal(result.facts, undefined, 'never an entry');
    const [deep, ...others] = nestingDiagnostics(line);
    assert.equal(others.length, 0);
    assert.equal(deep!.severity, RULES['nesting-too-deep'].severity);
    assert.equal(deep!.severity, 'error');
    assert.match(deep!.message, /nested more than 64 levels deep/);
    assert.ok(deep!.start >= PREFIX.length && deep!.start < PREFIX.length + 5 * MAX_NESTING);
  }
});

test('deep nesting inside strings is not nesting: such a line is checked as usual', () => {
  const line = classificationLine('my-bucket', 'a.png', 'normal').replace(
    '{',
    `{"note":"${'[{'.repeat(3000)}",`,
  );
  assert.deepEqual(
    parseManifestLine(line).diagnostics,
    [],
    'only the line-length rule would object, and it fits',
  );
  const long = classificationLine('my-bucket', 'a.png', 'normal').replace(
    '{',
    `{"note":"${'['.repeat(9000)}",`,
  );
  assert.deepEqual(
    parseManifestLine(long).diagnostics.map((d) => d.code),
    ['line-too-long'],
  );
});

test('nesting up to the bound is checked as usual', () => {
  const line = classificationLine('my-bucket', 'a.png', 'normal').replace(
    '{',
    `{"extra":${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)},`,
  );
  assert.deepEqual(parseManifestLine(line).diagnostics, []);
  const broken = `${PREFIX}${'['.repeat(MAX_NESTING - 1)}`;
  assert.deepEqual(
    parseManifestLine(broken).diagnostics.map((d) => d.code),
    ['one-object-per-line'],
    'a broken line just under the bound still gets its syntax diagnostic',
  );
});

test('the line validator, the whole-file model, hover and completion take deep lines without throwing', () => {
  const clean = classificationLine('my-bucket', 'a.png', 'normal');
  const validator = new LineValidator();
  for (let i = 0; i < 20; i++) validator.validate(classificationLine('my-bucket', `${i}.png`, 'normal'));
  for (const line of [POISON, DEEP_ARRAYS, DEEP_OBJECTS]) {
    assert.deepEqual(validator.validate(line), parseManifestLine(line));
    for (const offset of [0, 5, PREFIX.length + 10, line.length]) {
      assert.equal(hoverAt(line, offset), undefined);
      assert.deepEqual(completeManifestLine(line, offset), []);
    }
  }
  const text = [clean, POISON, DEEP_OBJECTS, clean].join('\n');
  const { diagnostics } = validateManifest(text);
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 'error').map((d) => [d.line, d.code]),
    [
      [1, 'nesting-too-deep'],
      [2, 'nesting-too-deep'],
    ],
  );
  const model = new ManifestModel(clean);
  model.applyChange({ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0, text: `${POISON}\n` });
  assert.deepEqual(
    model.diagnostics().map((d) => [d.line, d.code]),
    [
      [0, 'training-minimum'],
      [0, 'nesting-too-deep'],
    ],
  );
});
