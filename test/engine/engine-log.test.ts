// The engine's log reaches every window through the data directory's engine.log (src/engine/store/engine-log.ts,
// src/connection/engineLogFollower.ts): two EngineProcess objects stand in for two windows on one data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EngineProcess, spawnEngine } from '../../src/connection/engineProcess';
import { TAIL_BYTES, followEngineLog } from '../../src/connection/engineLogFollower';
import { ENGINE_LOG, openEngineLog } from '../../src/engine/store/engine-log';
import { makeDataDir, removeDataDir } from '../support/engine-harness';
import { CLI } from '../support/engine-process';

/** An output channel's text. */
function channel() {
  const sink = {
    text: '',
    append: (t: string) => (sink.text += t),
    appendLine: (t: string) => (sink.text += `${t}\n`),
  };
  return sink;
}

async function until(what: string, done: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const count = (text: string, part: string) => text.split(part).length - 1;

test("every window shows the engine's lines once, whichever window started the engine", async () => {
  const dir = makeDataDir();
  const first = channel();
  const second = channel();
  const starter = new EngineProcess(CLI, first);
  const joiner = new EngineProcess(CLI, second);
  try {
    const started = await starter.ensure(dir);
    const found = await joiner.ensure(dir);
    assert.deepEqual([started.reused, found.reused, found.pid], [false, true, started.pid]);
    assert.equal(statSync(join(dir, ENGINE_LOG)).mode & 0o777, 0o600, 'the log is the owner’s alone');

    // A request the engine refuses is logged by the engine.
    assert.equal((await fetch(`${started.endpoint}/2020-11-20/projects`)).status, 403);
    for (const [name, window] of [
      ['the starting window', first],
      ['the joining window', second],
    ] as const) {
      await until(`${name} to show the refusal`, () =>
        window.text.includes('rejected GET /2020-11-20/projects'),
      );
      assert.equal(count(window.text, 'engine listening on'), 1, `${name}: the start, once\n${window.text}`);
      // The joining window's probe of the engine is no refused request.
      assert.equal(count(window.text, 'rejected '), 1, `${name}: only the refusal asked for\n${window.text}`);
    }
    // The starting window shows the engine's own lines only from the file (its CLI's stderr repeats them).
    assert.equal(count(first.text, 'rejected GET /2020-11-20/projects'), 1, first.text);

    // The window that started the engine closes; the other still sees what the engine logs.
    starter.dispose();
    const before = first.text;
    assert.equal((await fetch(`${started.endpoint}/2020-11-20/models`)).status, 403);
    await until('the joining window to show the second refusal', () =>
      second.text.includes('rejected GET /2020-11-20/models'),
    );
    await sleep(600);
    assert.equal(first.text, before, 'a window that closed follows no more');
    await joiner.stop();
    await until('the joining window to show the stop', () => second.text.includes('engine stopped'));
    assert.ok(!`${first.text}${second.text}`.includes('the end of its output'), 'a stop is no crash');
  } finally {
    starter.dispose();
    joiner.dispose();
    await starter.stop();
    removeDataDir(dir);
  }
});

test("a started engine's crash shows the end of its output, which its log could not hold (a stand-in CLI that crashes)", async () => {
  const dir = makeDataDir();
  // A stand-in for the CLI (a real engine cannot be made to die of a V8 fatal error on demand): ready, then a fatal
  // error on stderr and an abort's exit code.
  const cli = join(dir, 'crashing-cli.js');
  writeFileSync(
    cli,
    `const line = { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b',
      pid: process.pid, reused: false, logStart: 0 };
    process.stdout.write(JSON.stringify(line) + '\\n');
    setTimeout(() => {
      process.stderr.write('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\\n');
      process.exit(134);
    }, 200);`,
  );
  const shown = channel();
  try {
    const { child, ready } = spawnEngine(cli, join(dir, 'data'), shown);
    const closed = new Promise((resolve) => child.once('close', resolve));
    await ready;
    await closed;
    assert.match(
      shown.text,
      /engine process exited \(134\)\n\[extension\] the end of its output:\nFATAL ERROR: Reached heap limit/,
    );
  } finally {
    removeDataDir(dir);
  }
});

test('the log is moved aside when full, and a follower reads the new one from its start', async () => {
  const dir = makeDataDir();
  const shown = channel();
  const file = openEngineLog(dir, 300);
  const follower = followEngineLog(join(dir, ENGINE_LOG), file.start, shown);
  try {
    // Lines of 24 + 1 + 30 + 1 bytes (an ISO time, a space, the text, a newline): five make 280 bytes.
    const line = (k: number) => `line ${String(k).padStart(2, '0')} ${'x'.repeat(22)}`;
    for (let k = 1; k <= 5; k++) file.write(line(k));
    await until('five lines', () => count(shown.text, '\n') === 5);
    for (let k = 6; k <= 7; k++) file.write(line(k));
    await until('seven lines', () => count(shown.text, '\n') === 7);
    assert.deepEqual(
      shown.text
        .trimEnd()
        .split('\n')
        .map((l) => l.split(' ').slice(1, 3).join(' ')),
      [1, 2, 3, 4, 5, 6, 7].map((k) => line(k).split(' ').slice(0, 2).join(' ')),
    );
    const previous = readFileSync(join(dir, `${ENGINE_LOG}.1`), 'utf8');
    const current = readFileSync(join(dir, ENGINE_LOG), 'utf8');
    assert.equal(count(previous, '\n'), 5, 'the full log moved aside');
    assert.equal(count(current, '\n'), 2, 'a new log begun');
    assert.equal(statSync(join(dir, ENGINE_LOG)).mode & 0o777, 0o600);
    file.close();
    file.write('after close');
    assert.ok(!readFileSync(join(dir, ENGINE_LOG), 'utf8').includes('after close'), 'nothing after close');
  } finally {
    follower.dispose();
    file.close();
    removeDataDir(dir);
  }
});

test("a window joining a running engine shows the log's last lines, from a whole line", async () => {
  const dir = makeDataDir();
  const shown = channel();
  const file = openEngineLog(dir);
  const lines = Array.from({ length: 400 }, (_, k) => `entry ${k} ${'y'.repeat(30)}`);
  for (const l of lines) file.write(l);
  const follower = followEngineLog(join(dir, ENGINE_LOG), 'tail', shown);
  try {
    await until('the tail', () => shown.text.includes(lines[399]));
    const got = shown.text.trimEnd().split('\n');
    assert.ok(got.length > 100 && got.length < lines.length, `${got.length} lines`);
    assert.ok(shown.text.length <= TAIL_BYTES);
    const firstShown = got[0].slice(25);
    assert.equal(
      firstShown,
      lines[lines.length - got.length],
      'a whole line, and the lines after it in order',
    );
    file.write('one more');
    await until('a line written after', () => shown.text.endsWith('one more\n'));
  } finally {
    follower.dispose();
    file.close();
    removeDataDir(dir);
  }
});
