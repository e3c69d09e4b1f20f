// What the linux-x64 VSIX holds, read from the archive `npm run package` writes (built here when missing): the
// extension's runtime and nothing else — no TypeScript, no source maps, no tests, no native binary of another
// platform (told by the file's own header, whatever its name) — within the 15 MB budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as yauzl from 'yauzl';

const REPO = join(__dirname, '..', '..', '..');
const BUDGET = 15 * 1024 * 1024;

interface Entry {
  name: string;
  size: number;
  /** The first bytes of the file: enough to tell a native binary's format and machine. */
  head: Buffer;
}

async function vsix(): Promise<string> {
  const script = join(REPO, 'scripts', 'package.mjs');
  const { vsixPath } = (await import(pathToFileURL(script).href)) as { vsixPath(target: string): string };
  const file = vsixPath('linux-x64');
  if (!existsSync(file)) {
    const run = spawnSync(process.execPath, [script], { cwd: REPO, stdio: 'inherit' });
    assert.equal(run.status, 0, 'npm run package failed');
  }
  return file;
}

async function entries(file: string): Promise<Entry[]> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const found: Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip
        .openReadStreamPromise(entry)
        .then(async (stream) => {
          const chunks: Buffer[] = [];
          let length = 0;
          for await (const chunk of stream as AsyncIterable<Buffer>) {
            chunks.push(chunk);
            length += chunk.length;
            if (length >= 64) break;
          }
          stream.destroy();
          found.push({ name: entry.fileName, size: entry.uncompressedSize, head: Buffer.concat(chunks) });
          zip.readEntry();
        })
        .catch(reject);
    });
    zip.once('end', resolve);
    zip.once('error', reject);
    zip.readEntry();
  });
  zip.close();
  return found;
}

/** The format and machine of a native binary from its header, or undefined for any other file. */
function nativeKind(head: Buffer): string | undefined {
  if (head.length >= 20 && head.readUInt32BE(0) === 0x7f454c46) {
    const machine = head[5] === 1 ? head.readUInt16LE(18) : head.readUInt16BE(18);
    return `elf-${{ 0x3e: 'x64', 0xb7: 'arm64' }[machine] ?? machine}`;
  }
  if (head.length >= 4 && [0xfeedfacf, 0xcffaedfe, 0xcafebabe, 0xbebafeca].includes(head.readUInt32BE(0)))
    return 'mach-o';
  if (head.length >= 2 && head.toString('latin1', 0, 2) === 'MZ') return 'pe';
  return undefined;
}

test('the linux-x64 VSIX holds only the runtime, only its own platform, within 15 MB', async () => {
  const file = await vsix();
  const files = await entries(file);
  const names = files.map((f) => f.name);
  const size = statSync(file).size;
  console.log(`${file}: ${(size / 1024 / 1024).toFixed(2)} MB, ${files.length} files`);

  for (const needed of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/cli.js'])
    assert.ok(names.includes(needed), `${needed} is in the VSIX`);
  // Panels load their bundled scripts from dist/webviews/; the sources in webviews/ stay out.
  assert.ok(names.includes('extension/dist/webviews/metrics.js'), 'the panel scripts are in the VSIX');
  assert.deepEqual(
    names.filter((n) => n.startsWith('extension/webviews/')),
    [],
    'no webview sources',
  );
  assert.deepEqual(
    names.filter((n) => /\.(ts|mts|cts|map)$/.test(n)),
    [],
    'no TypeScript or source maps',
  );
  assert.deepEqual(
    names.filter((n) => /(^|\/)(test|tests|__tests__)\/|\.(test|spec|suite|ui|bench)\.[cm]?js$/.test(n)),
    [],
    'no test files',
  );
  const binaries = files.flatMap((f) => {
    const kind = nativeKind(f.head);
    return kind ? [{ name: f.name, kind }] : [];
  });
  assert.ok(
    binaries.some((b) => b.name.includes('sqlite')) && binaries.some((b) => b.name.includes('sharp')),
    `the SQLite binding and sharp ship their binaries: ${JSON.stringify(binaries)}`,
  );
  assert.deepEqual(
    binaries.filter((b) => b.kind !== 'elf-x64' || /musl/.test(b.name)),
    [],
    'every native binary is linux x64 (glibc)',
  );
  assert.ok(size <= BUDGET, `${(size / 1024 / 1024).toFixed(2)} MB is over the 15 MB budget`);
});
