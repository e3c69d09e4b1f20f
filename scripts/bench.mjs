// Runs every benchmark compiled to out/bench (files named *.bench.js) one after another, printing figures.
// Arguments: substrings of the benchmarks to run (default all), and `--baseline[=REV]`: the in-process ML benchmark
// is run first on the anomaly-detection model (src/engine/ml) of git revision REV, then on this tree's, which prints
// its figures beside the baseline's. REV defaults to the previous commit's model: HEAD when src/engine/ml has
// uncommitted changes, else HEAD~1.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...collect(path));
    else if (name.endsWith('.bench.js')) found.push(path);
  }
  return found;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { maxBuffer: 1 << 30, ...options });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed: ${result.stderr?.toString() || `status ${result.status}`}`,
    );
  }
  return result.stdout;
}

/**
 * Builds the ML benchmark of this tree against REV's src/engine/ml in a temporary folder (read from git with
 * `git archive`: no worktree, no checkout) and runs it there; returns the file of its figures.
 */
function baselineFigures(dir, rev) {
  console.log(`\n== baseline: the anomaly-detection model of ${rev}`);
  // The model, and what it shares with the manifest linter (the training minimums).
  run('tar', ['-x', '-C', dir], {
    input: run('git', ['archive', '--format=tar', rev, 'src/engine/ml', 'src/manifest/core']),
  });
  cpSync('bench', join(dir, 'bench'), { recursive: true });
  mkdirSync(join(dir, 'test'));
  cpSync(join('test', 'support'), join(dir, 'test', 'support'), { recursive: true });
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
  const config = {
    extends: resolve('tsconfig.json'),
    compilerOptions: { rootDir: '.', outDir: 'out' },
    include: ['bench/ml.bench.ts'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  run(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', dir], { stdio: 'inherit' });
  // Models since the WebAssembly kernels load kernels.wasm beside their compiled code.
  if (existsSync(join(dir, 'src/engine/ml/kernels.wat')))
    run(process.execPath, [resolve('scripts/kernels.mjs'), 'out/src/engine/ml'], { cwd: dir });
  const figures = join(dir, 'figures.json');
  spawnSync(process.execPath, ['--expose-gc', join(dir, 'out/bench/ml.bench.js')], {
    stdio: 'inherit',
    env: { ...process.env, ML_BENCH_JSON: figures },
  });
  return figures;
}

const args = process.argv.slice(2);
const baselineArg = args.find((a) => a === '--baseline' || a.startsWith('--baseline='));
const only = args.filter((a) => a !== baselineArg);
const env = { ...process.env };
let baselineDir;
let failed = false;
try {
  if (baselineArg) {
    const dirty = spawnSync('git', ['diff', '--quiet', 'HEAD', '--', 'src/engine/ml']).status !== 0;
    const rev = baselineArg.includes('=') ? baselineArg.split('=')[1] : dirty ? 'HEAD' : 'HEAD~1';
    baselineDir = mkdtempSync(join(tmpdir(), 'lv-bench-baseline-'));
    env.ML_BENCH_BASELINE = baselineFigures(baselineDir, rev);
  }
  for (const file of collect('out/bench').filter(
    (f) => only.length === 0 || only.some((o) => f.includes(o)),
  )) {
    console.log(`\n== ${file}`);
    const result = spawnSync(process.execPath, ['--expose-gc', file], { stdio: 'inherit', env });
    failed ||= result.status !== 0;
  }
} finally {
  if (baselineDir) rmSync(baselineDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
