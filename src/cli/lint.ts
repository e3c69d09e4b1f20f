// `lookout-vision lint FILE...`: validates Ground Truth manifests for CI. Prints one problem per line as
// `file:line:col severity code message` (or JSON with --format json); exit 1 when any error was found.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { filesBeside } from '../manifest/localPaths';
import { validateManifest, type ManifestDiagnostic, type ManifestSummary } from '../manifest/core';

const USAGE = `usage: lookout-vision lint [--format text|json] [--quiet] [--s3-only] FILE... ('-' reads stdin)
  --format json  one JSON document with every file's diagnostics and summary
  --quiet        report errors only
  --s3-only      refuse local image paths (they are fine for "Create Dataset from Manifest", which
                 uploads them; the API itself takes s3://bucket/key references only). Without it,
                 local paths are resolved beside the manifest and must name existing files
exit status: 0 no errors, 1 errors found, 2 usage error or unreadable file
`;

interface Options {
  format: 'text' | 'json';
  quiet: boolean;
  s3Only: boolean;
  files: string[];
}

function parseArgs(args: string[]): Options | string {
  const options: Options = { format: 'text', quiet: false, s3Only: false, files: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--format') {
      const format = args[++i];
      if (format !== 'text' && format !== 'json') return `--format must be text or json`;
      options.format = format;
    } else if (arg.startsWith('--format=')) {
      const format = arg.slice('--format='.length);
      if (format !== 'text' && format !== 'json') return `--format must be text or json`;
      options.format = format;
    } else if (arg === '--quiet' || arg === '-q') {
      options.quiet = true;
    } else if (arg === '--s3-only') {
      options.s3Only = true;
    } else if (arg === '--help' || arg === '-h') {
      return '';
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option ${arg}`;
    } else {
      options.files.push(arg);
    }
  }
  return options.files.length ? options : 'no files given';
}

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const SEVERITY_WORD = { error: 'error', warning: 'warning', information: 'info' } as const;

function formatText(file: string, d: ManifestDiagnostic): string {
  return `${file}:${d.line + 1}:${d.start + 1} ${SEVERITY_WORD[d.severity]} ${d.code} ${d.message}\n`;
}

interface FileReport {
  file: string;
  summary: ManifestSummary;
  diagnostics: readonly ManifestDiagnostic[];
}

export async function runLintCommand(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    if (options) process.stderr.write(`lookout-vision lint: ${options}\n`);
    process.stderr.write(USAGE);
    return options ? 2 : 0;
  }
  const reports: FileReport[] = [];
  let unreadable = false;
  for (const file of options.files) {
    let text: string;
    try {
      text = await readInput(file);
    } catch (error) {
      process.stderr.write(`${file}: cannot read: ${(error as Error).message}\n`);
      unreadable = true;
      continue;
    }
    // Editors hide a UTF-8 byte order mark; read the file as they show it.
    // Local paths are relative to the manifest (to the working directory for stdin).
    const base = file === '-' ? process.cwd() : dirname(resolve(file));
    const { diagnostics, summary } = validateManifest(text.replace(/^\uFEFF/, ''), {
      localPaths: !options.s3Only,
      pathExists: filesBeside(base),
    });
    const shown = options.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
    reports.push({ file: file === '-' ? '<stdin>' : file, summary, diagnostics: shown });
  }
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(reports.map(toJson), null, 2)}\n`);
  } else {
    for (const report of reports)
      for (const d of report.diagnostics) process.stdout.write(formatText(report.file, d));
  }
  const count = (severity: string) =>
    reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === severity).length, 0);
  const errors = count('error');
  if (options.format === 'text') {
    process.stderr.write(`${errors} error(s), ${count('warning')} warning(s) in ${reports.length} file(s)\n`);
  }
  if (unreadable) return 2;
  return errors > 0 ? 1 : 0;
}

function toJson(report: FileReport) {
  return {
    file: report.file,
    summary: report.summary,
    diagnostics: report.diagnostics.map((d) => ({
      line: d.line + 1,
      column: d.start + 1,
      endColumn: d.end + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(d.fix ? { fix: d.fix.title } : {}),
    })),
  };
}
