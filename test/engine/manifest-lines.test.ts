// The import's line reader: the editor's line breaks, across read chunks, and lines too long to hold.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_LINE_BYTES, manifestLines, type ManifestLine } from '../../src/engine/backend/manifest-lines';

const dir = mkdtempSync(join(tmpdir(), 'lv-manifest-lines-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function read(content: string | Buffer): Promise<ManifestLine[]> {
  const path = join(dir, 'manifest');
  writeFileSync(path, content);
  const lines: ManifestLine[] = [];
  for await (const batch of manifestLines(path)) lines.push(...batch);
  return lines;
}

/** The size of the chunks a file is read in (fs.createReadStream's default). */
const CHUNK = 64 * 1024;

test('lines end at \\n, \\r\\n and \\r; a last line without a break counts; a final break adds no line', async () => {
  assert.deepEqual(await read('a\nb\r\nc\rd'), ['a', 'b', 'c', 'd']);
  assert.deepEqual(await read('a\n\nb\n'), ['a', '', 'b']);
  assert.deepEqual(await read(''), []);
});

test('a \\r\\n split between two chunks is one break, and lines and characters span chunks whole', async () => {
  const lines = Array.from({ length: 65 }, () => 'x'.repeat(999));
  const last = 'y'.repeat(CHUNK - 65 * 1000 - 1); // its \r is the chunk's last byte
  assert.deepEqual(await read(`${lines.join('\n')}\n${last}\r\nnext`), [...lines, last, 'next']);
  const euro = '€'.repeat(10_000); // 3 bytes each: the chunk boundary falls inside one
  assert.deepEqual(await read(`${euro}\n${euro}\n${euro}\n`), [euro, euro, euro]);
});

test('a line longer than any entry could be is kept as its length only', async () => {
  const long = 'y'.repeat(3 * CHUNK + 5);
  const lines = await read(`ok\n${long}\nafter\n${'z'.repeat(MAX_LINE_BYTES)}`);
  assert.deepEqual(lines, ['ok', { overlongBytes: long.length }, 'after', 'z'.repeat(MAX_LINE_BYTES)]);
});
