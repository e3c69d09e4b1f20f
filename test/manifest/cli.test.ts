// The `lint` command as CI runs it: a child process, its output lines and its exit status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'manifest');
const LINT = join(__dirname, '..', '..', 'src', 'cli', 'lint.js');

function lint(args: string[], input?: string) {
  const script = `require(${JSON.stringify(LINT)}).runLintCommand(process.argv.slice(1)).then((c) => (process.exitCode = c))`;
  const run = spawnSync(process.execPath, ['-e', script, '--', ...args], {
    encoding: 'utf8',
    input,
    cwd: FIXTURES,
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

test('local image paths pass by default and fail with --s3-only', () => {
  const text = `${JSON.stringify({
    'source-ref': 'normal/a.png',
    'anomaly-label': 0,
    'anomaly-label-metadata': {
      'class-name': 'normal',
      'human-annotated': 'yes',
      type: 'groundtruth/image-classification',
    },
  })}\n`;
  assert.equal(lint(['--quiet', '-'], text).status, 0);
  const strict = lint(['--s3-only', '-'], text);
  assert.equal(strict.status, 1);
  assert.match(strict.stdout, /<stdin>:1:15 error source-ref-invalid/);
});
