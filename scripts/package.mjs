// Packages the extension as one platform-specific VSIX per target:
//   npm run package [-- --target T …] [-- --out DIR]      (T: linux-x64 (default), linux-arm64, darwin-x64,
//                                                          darwin-arm64, win32-x64; DIR: the repository)
// A production build (minified, no source maps), then, for each target, a staging folder that holds only what the
// extension needs at run time: an allow-list (dist/ without maps, media/, README, CHANGELOG, LICENSE, the files
// package.json's `contributes` names), and in node_modules only the packages the bundles still `require` (the
// native addons esbuild leaves external) with their dependencies, installed for the target's os/cpu from the lock
// file, so another platform's binaries come from the registry; other platforms' prebuilds are removed. vsce packages
// that folder, with the repository's .vscodeignore dropping what those packages carry for building or testing.
// `vscode:prepublish` runs this with --prepublish, which refuses: a plain `vsce package` of the repository would
// miss the native packages.
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoDir } from './workbench-paths.mjs';

/** What vsce calls a target, and what npm installs for it. */
export const TARGETS = {
  'linux-x64': { os: 'linux', cpu: 'x64', libc: 'glibc' },
  'linux-arm64': { os: 'linux', cpu: 'arm64', libc: 'glibc' },
  'darwin-x64': { os: 'darwin', cpu: 'x64' },
  'darwin-arm64': { os: 'darwin', cpu: 'arm64' },
  'win32-x64': { os: 'win32', cpu: 'x64' },
};

/** The VSIX `npm run package` writes for `target`. */
export function vsixPath(target, outDir = repoDir) {
  const { name, version } = JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8'));
  return join(outDir, `${name}-${target}-${version}.vsix`);
}

/** Top-level files and folders that go in as they are (dist/ without its source maps). */
const ALLOWED = ['dist', 'media', 'README.md', 'CHANGELOG.md', 'LICENSE'];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Package names the bundles load at run time that package.json lists as dependencies (the external ones). */
function runtimePackages(manifest) {
  const builtins = new Set(builtinModules);
  const names = new Set();
  for (const file of walk(join(repoDir, 'dist')).filter((f) => f.endsWith('.js'))) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(
      /\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g,
    )) {
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!spec.startsWith('node:') && !builtins.has(name) && manifest.dependencies?.[name]) names.add(name);
    }
  }
  return [...names].sort();
}

/** Files outside ALLOWED that package.json names (grammars, language configurations, icons). */
function contributedFiles(manifest) {
  const found = new Set();
  const visit = (value) => {
    if (typeof value === 'string') {
      const file = resolve(repoDir, value);
      if (file.startsWith(repoDir + '/') && existsSync(file) && statSync(file).isFile()) found.add(file);
    } else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(manifest.contributes);
  visit(manifest.icon);
  return [...found].map((f) => f.slice(repoDir.length + 1));
}

/** Fills `dir` with what the VSIX for `target` holds. */
function stage(dir, target, manifest, packages) {
  for (const entry of [...ALLOWED, ...contributedFiles(manifest)]) {
    const from = join(repoDir, entry);
    if (!existsSync(from)) throw new Error(`${entry} is missing: it belongs in the VSIX`);
    cpSync(from, join(dir, entry), { recursive: true, filter: (src) => !src.endsWith('.map') });
  }
  // The VSIX's package.json: the manifest, with only what it ships as dependencies and nothing for development.
  const dependencies = Object.fromEntries(packages.map((name) => [name, manifest.dependencies[name]]));
  const shipped = { ...manifest, dependencies };
  for (const key of ['devDependencies', 'scripts', 'allowScripts', 'bin']) delete shipped[key];
  writeFileSync(join(dir, 'package.json'), JSON.stringify(shipped, null, 2) + '\n');
  // The lock keeps every package at the version the tests ran with; npm drops what the new root does not need.
  cpSync(join(repoDir, 'package-lock.json'), join(dir, 'package-lock.json'));
  const { os, cpu, libc } = TARGETS[target];
  run(
    'npm',
    [
      'install',
      '--omit=dev',
      '--omit=peer',
      `--os=${os}`,
      `--cpu=${cpu}`,
      ...(libc ? [`--libc=${libc}`] : []),
      // Native packages ship prebuilt binaries: nothing to build, nothing to run.
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
    ],
    { cwd: dir },
  );
  cpSync(join(repoDir, '.vscodeignore'), join(dir, '.vscodeignore'));
  keepOwnPrebuilds(join(dir, 'node_modules'), target, libc);
}

/**
 * Packages that carry every platform's binaries (prebuildify's `prebuilds/<platform>-<arch>/` layout) keep only the
 * target's; a linux target is glibc (alpine has targets of its own), so musl builds go too.
 */
function keepOwnPrebuilds(dir, target, libc) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (entry.name !== 'prebuilds') {
      keepOwnPrebuilds(path, target, libc);
      continue;
    }
    for (const platform of readdirSync(path)) {
      if (platform !== target) rmSync(join(path, platform), { recursive: true, force: true });
      else if (libc)
        for (const file of readdirSync(join(path, platform)).filter((f) => /\.musl\.node$/.test(f)))
          rmSync(join(path, platform, file));
    }
  }
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--prepublish'))
    throw new Error(
      'Build VSIXs with `npm run package [-- --target T]` (publish one with `vsce publish -i FILE`)',
    );
  const targets = argv.flatMap((arg, i) => (argv[i - 1] === '--target' ? [arg] : []));
  const outAt = argv.indexOf('--out');
  const outDir = resolve(outAt >= 0 ? argv[outAt + 1] : repoDir);
  mkdirSync(outDir, { recursive: true });
  if (targets.length === 0) targets.push('linux-x64');
  const unknown = targets.filter((t) => !TARGETS[t]);
  if (unknown.length > 0)
    throw new Error(`Unknown target ${unknown.join(', ')}; one of ${Object.keys(TARGETS).join(', ')}`);

  run(process.execPath, [join(repoDir, 'scripts', 'build.mjs'), '--production'], { cwd: repoDir });
  const manifest = JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8'));
  const packages = runtimePackages(manifest);
  console.log(`runtime packages: ${packages.join(', ')}`);
  const vsce = join(repoDir, 'node_modules', '@vscode', 'vsce', 'vsce');
  for (const target of targets) {
    const dir = mkdtempSync(join(tmpdir(), `lfv-vsix-${target}-`));
    try {
      stage(dir, target, manifest, packages);
      const out = vsixPath(target, outDir);
      run(process.execPath, [vsce, 'package', '--target', target, '--out', out], { cwd: dir });
      console.log(`${target}: ${out} (${(statSync(out).size / 1024 / 1024).toFixed(1)} MB)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
