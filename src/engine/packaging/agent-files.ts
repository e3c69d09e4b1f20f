// What a component needs besides the model: the bundled edge agent with its proto and detection kernels, and the
// native image decoder (sharp and its libvips build for this machine) it loads at run time.
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { KERNELS_FILE } from '../ml/kernels';
import { AGENT_FILE, PROTO_FILE } from './layout';

/**
 * dist/ of this project: beside this code in the esbuild bundle (dist/cli.js, dist/extension.js), or above the tsc
 * output (out/src/engine/packaging/).
 */
function distFolder(): string {
  for (const dir of [__dirname, join(__dirname, '..', '..', '..', '..', 'dist')]) {
    if (existsSync(join(dir, AGENT_FILE)) && existsSync(join(dir, PROTO_FILE))) return dir;
  }
  throw new Error(`The edge agent bundle (${AGENT_FILE}) is missing: build the project (npm run build).`);
}

export async function agentFiles(): Promise<Record<string, Uint8Array>> {
  const dir = distFolder();
  const files: Record<string, Uint8Array> = {};
  for (const name of [AGENT_FILE, PROTO_FILE, KERNELS_FILE]) files[name] = await readFile(join(dir, name));
  return files;
}

async function addTree(files: Record<string, Uint8Array>, dir: string, under: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if ((await stat(path)).isDirectory()) await addTree(files, path, `${under}/${name}`);
    else files[`${under}/${name}`] = await readFile(path);
  }
}

/** The folder of an installed package (its `exports` may not let package.json be resolved). */
function packageDir(require: NodeJS.Require, name: string): string {
  const entry = require.resolve(name);
  const marker = `${sep}node_modules${sep}${name.split('/').join(sep)}${sep}`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`The package ${name} is not installed in a node_modules folder (${entry}).`);
  return entry.slice(0, at + marker.length - 1);
}

/**
 * node_modules/ entries for sharp: the package, its dependencies and the prebuilt binaries installed here (the
 * @img/sharp-* packages of this machine's platform), as the agent's `require('sharp')` finds them.
 */
export async function decoderFiles(): Promise<Record<string, Uint8Array>> {
  const sharpDir = packageDir(createRequire(__filename), 'sharp');
  const requireSharp = createRequire(join(sharpDir, 'package.json'));
  const packageDirs = [
    sharpDir,
    ...['@img/colour', 'detect-libc', 'semver'].map((p) => packageDir(requireSharp, p)),
  ];
  const scope = dirname(packageDirs[1]);
  for (const name of await readdir(scope)) if (name.startsWith('sharp-')) packageDirs.push(join(scope, name));
  const modules = dirname(scope);
  const files: Record<string, Uint8Array> = {};
  for (const dir of packageDirs)
    await addTree(files, dir, `node_modules/${relative(modules, dir).split(sep).join('/')}`);
  return files;
}
