/* global fetch */
// Starts code-server (the real VS Code workbench and extension host) on loopback with throwaway state, and opens
// Debian Chromium on it through playwright-core. Shared by the end-to-end harness, the starter and the benchmark.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync, existsSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumBinary, codeServerEntry, node24Binary, repoDir } from './workbench-paths.mjs';

export const quietSettings = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'git.openRepositoryInParentFolders': 'never',
};

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function assertInstalled() {
  for (const file of [codeServerEntry, node24Binary]) {
    if (!existsSync(file))
      throw new Error(`${file} is missing: run \`node scripts/setup-workbench.mjs\` first`);
  }
}

async function waitForHealth(baseUrl, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early (code ${child.exitCode})`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms`);
}

/** A fresh copy of the sample workspace in `runDir` whose engine keeps its data inside the run folder too. */
export function sampleWorkspace(runDir, name) {
  const folder = join(runDir, `workspace-${name}`);
  cpSync(join(repoDir, 'sample', 'workspace'), folder, { recursive: true });
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(
    join(folder, '.vscode', 'settings.json'),
    JSON.stringify({ 'lookoutVision.engine.dataDir': join(runDir, `engine-${name}`) }, null, 2),
  );
  return folder;
}

/** The state folders of a run (user data, extensions, XDG homes): the server and `installExtension` share them. */
function stateOf(runDir) {
  const xdg = join(runDir, 'xdg');
  return {
    args: ['--user-data-dir', join(runDir, 'user-data'), '--extensions-dir', join(runDir, 'extensions')],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(xdg, 'config'),
      XDG_DATA_HOME: join(xdg, 'data'),
      XDG_CACHE_HOME: join(xdg, 'cache'),
    },
  };
}

/** Installs a VSIX into the run's extensions folder as a user would (`--install-extension`), before the start. */
export function installExtension({ runDir, vsix }) {
  assertInstalled();
  const state = stateOf(runDir);
  const result = spawnSync(node24Binary, [codeServerEntry, ...state.args, '--install-extension', vsix], {
    env: state.env,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`installing ${vsix} failed (exit ${result.status}): ${result.stderr || result.stdout}`);
  return result.stdout.trim();
}

/**
 * Starts code-server in its own process group (so stopping it also ends the engines its extension host spawned).
 * `env` reaches the extension host. Logs go to `logFile`.
 */
export async function startCodeServer({ runDir, env = {}, logFile, port, settings = {} }) {
  assertInstalled();
  runDir ??= mkdtempSync(join(tmpdir(), 'lfv-workbench-'));
  const userData = join(runDir, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  // Written once: a persistent run folder (scripts/start.mjs) keeps the user's own settings.
  const settingsFile = join(userData, 'User', 'settings.json');
  if (!existsSync(settingsFile))
    writeFileSync(settingsFile, JSON.stringify({ ...quietSettings, ...settings }, null, 2));
  const configPath = join(runDir, 'config.yaml');
  writeFileSync(configPath, 'auth: none\ncert: false\n');
  port ??= await freePort();
  const state = stateOf(runDir);
  const child = spawn(
    node24Binary,
    [
      codeServerEntry,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      ...state.args,
      '--config',
      configPath,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--vscode-option',
      'enable-smoke-test-driver',
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...state.env, ...env },
    },
  );
  if (logFile) {
    const log = createWriteStream(logFile);
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  } else {
    child.stdout.resume();
    child.stderr.resume();
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return done();
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000).unref();
    });
  try {
    await waitForHealth(baseUrl, child, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, port, runDir, child, stop };
}

/**
 * URL that opens `folder` with this repository loaded as a development extension (and optionally its tests), or,
 * `installed`, with nothing but the extensions installed in the run.
 */
export function workbenchUrl(baseUrl, folder, { testsPath, installed = false } = {}) {
  if (installed) return `${baseUrl}/?folder=${encodeURIComponent(folder)}`;
  const remote = (path) => `vscode-remote://${new URL(baseUrl).host}${path}`;
  const payload = [['extensionDevelopmentPath', remote(repoDir)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `${baseUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export async function launchBrowser({ headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'lfv-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumBinary,
    headless,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
