// Bundles the extension, the CLI and the worker entry points with esbuild.
// Native addons stay external: they load from node_modules at run time.
//   node scripts/build.mjs [--production]   (production: minified, no source maps; what `npm run package` ships)
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assembleKernels } from './kernels.mjs';

const entries = {
  cli: 'src/cli/main.ts',
  extension: 'src/extension.ts',
  'ml-worker': 'src/engine/ml/worker.ts',
  'edge-agent': 'src/edge-agent/main.ts',
};

const external = ['vscode', '@photostructure/sqlite', 'sharp', 'onnxruntime-node'];
const production = process.argv.includes('--production');
const started = Date.now();

const entryPoints = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));
await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external,
  // Prefer ES module builds: some packages' UMD builds (jsonc-parser) use dynamic requires esbuild cannot follow.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});

// What panels load, all from dist/webviews: each panel script bundled with what it imports (the evaluation
// maths from src/panels included), and a copy of the vscode-elements bundle.
await build({
  entryPoints: [
    'webviews/metrics.js',
    'webviews/detection.js',
    'webviews/folderDetection.js',
    'webviews/gallery.js',
    'webviews/notRestored.js',
  ].filter(existsSync),
  outdir: 'dist/webviews',
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'esm',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
});
mkdirSync('dist/webviews', { recursive: true });
copyFileSync('node_modules/@vscode-elements/elements/dist/bundled.js', 'dist/webviews/elements.js');
// The edge agent loads its service definition from the file beside it (model packaging ships both).
copyFileSync('src/edge-agent/edge-agent.proto', 'dist/edge-agent.proto');
// Detection's WebAssembly kernels load from beside the bundles (the engine's, the worker's and the edge agent's).
await assembleKernels(['dist']);

// What ships is exactly this build: files earlier builds left (source maps, renamed entries) go. Removed after the
// build rather than by emptying dist/ first, so a workbench running from dist/ meanwhile never finds it missing.
if (production) {
  const stale = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? stale(join(dir, e.name))
        : statSync(join(dir, e.name)).mtimeMs < started
          ? [join(dir, e.name)]
          : [],
    );
  for (const file of stale('dist')) rmSync(file);
}
