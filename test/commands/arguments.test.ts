// Commands' arguments after the target are read to the types their handlers declare, at registration.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  ArgumentError,
  anything,
  boolean,
  fields,
  number,
  oneOf,
  optional,
  record,
  string,
  strings,
  withArguments,
} from '../../src/commands/arguments';

const options = fields({
  units: number,
  name: string,
  quiet: boolean,
  kind: oneOf(['train', 'test'] as const),
});

test('options are read to their declared types; absent ones read as {}', () => {
  assert.deepEqual(options({ units: 2, name: 'a', quiet: true, kind: 'test' }, 'options'), {
    units: 2,
    name: 'a',
    quiet: true,
    kind: 'test',
  });
  assert.deepEqual(options(undefined, 'options'), {});
  assert.deepEqual(options(null, 'options'), {});
  // A member the command does not read never reaches it.
  assert.deepEqual(options({ units: 1, extra: 'x' }, 'options'), { units: 1 });
});

test('a wrong argument is an error naming it and what it should be', () => {
  const fails = (value: unknown, message: RegExp) =>
    assert.throws(
      () => options(value, 'argument 2'),
      (err: unknown) => err instanceof ArgumentError && message.test(err.message),
    );
  fails({ units: '2' }, /^argument 2\.units must be a number, not "2"$/);
  fails({ units: Number.NaN }, /argument 2\.units must be a number/);
  fails({ quiet: 'yes' }, /argument 2\.quiet must be true or false/);
  fails({ kind: 'validation' }, /argument 2\.kind must be one of "train", "test", not "validation"/);
  fails('train', /^argument 2 must be an object, not "train"$/);
  fails([1], /argument 2 must be an object, not an array/);
});

test('records need their required members; lists read each element', () => {
  const tag = record({ Key: string, Value: string }, { Note: string });
  assert.deepEqual(tag({ Key: 'a', Value: '' }, 'tag'), { Key: 'a', Value: '' });
  assert.throws(() => tag({ Key: 'a' }, 'tag'), /tag\.Value is missing/);
  assert.throws(() => tag(undefined, 'tag'), /tag must be an object/);
  assert.equal(optional(tag)(undefined, 'tag'), undefined);
  assert.deepEqual(strings(['a', 'b'], 'keys'), ['a', 'b']);
  assert.throws(() => strings(['a', 3], 'keys'), /keys\[1\] must be a string, not 3/);
  assert.throws(() => strings('a', 'keys'), /keys must be an array of strings/);
});

test('withArguments hands the target on and reads each argument after it, in order', async () => {
  const calls: unknown[][] = [];
  const handler = async (ctx: string, target: unknown, source?: unknown, opts?: { units?: number }) => {
    calls.push([ctx, target, source, opts]);
    return 'done';
  };
  const command = withArguments(handler, anything, fields({ units: number }));
  assert.equal(await command('ctx', 'node', 'file', { units: 3, other: 1 }), 'done');
  assert.equal(await command('ctx'), 'done');
  assert.deepEqual(calls, [
    ['ctx', 'node', 'file', { units: 3 }],
    ['ctx', undefined, undefined, {}],
  ]);
  await assert.rejects(
    command('ctx', 'node', 'file', { units: 'three' }),
    /argument 3\.units must be a number/,
  );
  assert.equal(calls.length, 2, 'the handler does not run with a wrong argument');
});

test('the selection a menu passes after the item clicked is not read as an argument', async () => {
  const seen: unknown[] = [];
  const command = withArguments(
    async (_ctx: undefined, _target: unknown, opts?: { units?: number }) => seen.push(opts),
    fields({ units: number }),
  );
  const node = { projectName: 'p' };
  await command(undefined, node, [node, { projectName: 'q' }]);
  // The Explorer passes (uri, [uris]): equal URIs, not the same object.
  const uri = (path: string) => ({ scheme: 'file', fsPath: path, toString: () => `file://${path}` });
  await command(undefined, uri('/a.png'), [uri('/a.png')], { units: 2 });
  assert.deepEqual(seen, [{}, { units: 2 }]);
  // An array that does not hold the target is the caller's argument, and checked.
  await assert.rejects(command(undefined, node, [{ projectName: 'q' }]), /argument 2 must be an object/);
});
