// Bundles the extension, the CLI and the worker entry points with esbuild.
// Native addons stay external: they load from node_modules at run time.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = {
  cli: 'src/cli/main.ts',
  extension: 'src/extension.ts',
  'ml-worker': 'src/engine/ml/worker.ts',
};

const external = ['vscode', '@photostructure/sqlite', 'sharp', 'onnxruntime-node'];

const entryPoints = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));
await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external,
  // Prefer ES module builds: some packages' UMD builds (jsonc-parser) use dynamic requires esbuild cannot follow.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
