// Opens VS Code with the extension on the local engine and the sample workspace (a ready-to-use
// dataset folder and manifest): VS Code desktop when `code` is on PATH, otherwise code-server in the
// browser on loopback (installed into .tools/ by scripts/setup-workbench.mjs on first run).
//   node scripts/start.mjs [--browser] [--port N]
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startCodeServer, workbenchUrl } from './workbench.mjs';
import { repoDir } from './workbench-paths.mjs';

const argv = process.argv.slice(2);
const forceBrowser = argv.includes('--browser');
const portAt = argv.indexOf('--port');
const port = portAt >= 0 ? Number(argv[portAt + 1]) : undefined;

function run(command, args) {
  const result = spawnSync(command, args, { cwd: repoDir, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

// The user's copy of the sample: their datasets and edits survive restarts; the committed sample stays clean.
const dataDir = join(repoDir, '.data');
const workspace = join(dataDir, 'sample-workspace');
if (!existsSync(workspace)) {
  mkdirSync(dataDir, { recursive: true });
  cpSync(join(repoDir, 'sample', 'workspace'), workspace, { recursive: true });
}

run(process.execPath, ['scripts/build.mjs']);

if (!forceBrowser && onPath('code')) {
  console.log(`Opening VS Code on ${workspace}`);
  run('code', ['--new-window', `--extensionDevelopmentPath=${repoDir}`, workspace]);
  process.exit(0);
}

run(process.execPath, ['scripts/setup-workbench.mjs', '--no-browser']);
const server = await startCodeServer({
  runDir: join(dataDir, 'code-server'),
  port,
  logFile: join(dataDir, 'code-server.log'),
});
const url = workbenchUrl(server.baseUrl, workspace);
console.log(`\nVS Code (code-server) is running on loopback. Open:\n\n  ${url}\n\nPress Ctrl+C to stop.`);
if (onPath('xdg-open')) spawn('xdg-open', [url], { stdio: 'ignore', detached: true }).unref();

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.child.once('exit', (code) => {
  console.log(`code-server exited (${code})`);
  process.exit(code ?? 0);
});
