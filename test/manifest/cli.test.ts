// The `lint` command as CI runs it: a child process, its output lines and its exit status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'manifest');
const LINT = join(__dirname, '..', '..', 'src', 'cli', 'lint.js');

function lint(args: string[], input?: string, cwd = FIXTURES) {
  const script = `require(${JSON.stringify(LINT)}).runLintCommand(process.argv.slice(1)).then((c) => (process.exitCode = c))`;
  const run = spawnSync(process.execPath, ['-e', script, '--', ...args], {
    encoding: 'utf8',
    input,
    cwd,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('a bad manifest prints file:line:col severity code message and exits 1', () => {
  const { status, stdout } = lint(['bad.manifest']);
  assert.equal(status, 1);
  const lines = stdout.trim().split('\n');
  assert.ok(
    lines.includes(
      'bad.manifest:2:102 warning class-name-unknown "class-name" is "norml", not "normal" or "anomaly": the image is imported unlabeled',
    ),
    stdout,
  );
  for (const line of lines) assert.match(line, /^bad\.manifest:\d+:\d+ (error|warning|info) [a-z0-9-]+ \S/);
  assert.ok(lines.some((l) => / error json-syntax /.test(l)));
});

test('a good manifest exits 0 with nothing on stdout', () => {
  const { status, stdout, stderr } = lint(['good-classification.manifest']);
  assert.equal(status, 0, stderr);
  assert.equal(stdout, '');
});

test('stdin is read with -, and --format json gives diagnostics and the summary', () => {
  const text = '{"source-ref":"s3://my-bucket/a.gif"}\n';
  const { status, stdout } = lint(['--format', 'json', '-'], text);
  assert.equal(status, 1);
  const [report] = JSON.parse(stdout) as [
    {
      file: string;
      summary: { unlabeled: number };
      diagnostics: { code: string; line: number; column: number }[];
    },
  ];
  assert.equal(report.file, '<stdin>');
  assert.equal(report.summary.unlabeled, 1);
  assert.deepEqual(
    report.diagnostics.filter((d) => d.code === 'image-extension').map((d) => [d.line, d.column]),
    [[1, 15]],
  );
});

test('usage errors and unreadable files exit 2', () => {
  assert.equal(lint([]).status, 2);
  assert.equal(lint(['--format', 'xml', 'bad.manifest']).status, 2);
  assert.equal(lint(['--bogus', 'bad.manifest']).status, 2);
  const missing = lint(['no-such-file.manifest']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no-such-file\.manifest: cannot read/);
});

test('--quiet reports errors only', () => {
  const { stdout } = lint(['--quiet', 'bad.manifest']);
  assert.ok(
    stdout
      .trim()
      .split('\n')
      .every((l) => / error /.test(l)),
  );
});

const localLine = (ref: string) =>
  `${JSON.stringify({
    'source-ref': ref,
    'anomaly-label': 0,
    'anomaly-label-metadata': {
      'class-name': 'normal',
      'human-annotated': 'yes',
      type: 'groundtruth/image-classification',
    },
  })}\n`;

/** A folder holding normal/a.png, and a manifest one level down referring to it. */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'lint-'));
  mkdirSync(join(root, 'normal'));
  writeFileSync(join(root, 'normal', 'a.png'), '');
  mkdirSync(join(root, 'manifests'));
  return root;
}

test('local image paths pass by default and fail with --s3-only', () => {
  const root = workspace();
  try {
    const text = localLine('normal/a.png');
    assert.equal(lint(['--quiet', '-'], text, root).status, 0);
    const strict = lint(['--s3-only', '-'], text, root);
    assert.equal(strict.status, 1);
    assert.match(strict.stdout, /<stdin>:1:15 error source-ref-invalid/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('local paths are resolved beside the manifest, and one that names no file is an error', () => {
  const root = workspace();
  try {
    const manifest = join(root, 'manifests', 'train.manifest');
    writeFileSync(
      manifest,
      localLine('../normal/a.png') + localLine('../normal/b.png') + localLine('../normal'),
    );
    // Run from elsewhere: the manifest's folder, not the working directory, anchors its paths.
    const { status, stdout } = lint(['--quiet', manifest], undefined, tmpdir());
    assert.equal(status, 1);
    const codes = stdout
      .trim()
      .split('\n')
      .map((l) => /:(\d+):\d+ error (\S+)/.exec(l)?.slice(1).join(' '));
    assert.deepEqual(codes, ['2 local-file-missing', '3 image-extension', '3 local-file-missing']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a misspelt s3 reference is an error that names the fix', () => {
  const { status, stdout } = lint(
    ['--quiet', '--format', 'json', '-'],
    localLine('s3:/tile-bucket/normal/tile-06.png'),
  );
  assert.equal(status, 1);
  const [report] = JSON.parse(stdout) as [{ diagnostics: { code: string; fix?: string }[] }];
  assert.deepEqual(report.diagnostics, [
    {
      line: 1,
      column: 15,
      endColumn: 51,
      severity: 'error',
      code: 'source-ref-invalid',
      message:
        '"s3:/tile-bucket/normal/tile-06.png" is a misspelt s3:// reference: it should read "s3://tile-bucket/normal/tile-06.png"',
      fix: 'Change to "s3://tile-bucket/normal/tile-06.png"',
    },
  ]);
});
