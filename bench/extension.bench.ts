// The extension as users get it: the linux-x64 VSIX `npm run package` builds, installed with --install-extension
// into the real workbench (code-server + Chromium, as the end-to-end harness runs it):
//  - the VSIX: size and number of files;
//  - a window that never opens the view: whether the extension activated and how many processes it started
//    (goal: not activated, none);
//  - opening the view: activate() duration as the extension logs it (goal ≤ 5 ms), click → status bar item;
//  - tree first paint with 1,000 projects: click on the activity bar icon → first project row painted
//    (goal ≤ 300 ms, activation included); the engine already runs (seeded by this benchmark) and the extension
//    finds it when the view asks.
// Needs `node scripts/setup-workbench.mjs`. Leaves the development build in dist/. Prints figures; asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { CreateProjectCommand, LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import * as yauzl from 'yauzl';

const PROJECTS = 1000;
const repo = resolve(__dirname, '..', '..');

interface EngineLine {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  pid: number;
}

async function startCliEngine(dataDir: string): Promise<{ info: EngineLine; stop: () => void }> {
  const child = spawn(process.execPath, [join(repo, 'dist', 'cli.js'), 'engine', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout }).once('line', ok);
    child.once('exit', (code) => fail(new Error(`engine exited (${code})`)));
  });
  return { info: JSON.parse(line) as EngineLine, stop: () => child.kill('SIGTERM') };
}

async function seedProjects(info: EngineLine): Promise<number> {
  const client = new LookoutVisionClient({
    endpoint: info.endpoint,
    region: info.region,
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
  });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < PROJECTS) {
      const name = `project-${String(next++).padStart(4, '0')}`;
      await client.send(new CreateProjectCommand({ ProjectName: name }));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  client.destroy();
  return performance.now() - started;
}

/** Builds the linux-x64 VSIX into `dir` (a production build of dist/ on the way). */
async function packageVsix(dir: string): Promise<string> {
  const script = join(repo, 'scripts', 'package.mjs');
  const run = spawnSync(process.execPath, [script, '--out', dir], { cwd: repo, stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`npm run package failed (exit ${run.status})`);
  const { vsixPath } = (await import(pathToFileURL(script).href)) as {
    vsixPath(target: string, outDir: string): string;
  };
  return vsixPath('linux-x64', dir);
}

/** Processes whose command line runs something from the installed extension (the engine's CLI). */
function extensionProcesses(extensionsDir: string): number {
  const installed = join(extensionsDir, 'lookout-vision.');
  return readdirSync('/proc').filter((pid) => {
    try {
      return /^\d+$/.test(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(installed);
    } catch {
      return false;
    }
  }).length;
}

function activationLog(runDir: string): string | undefined {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? walk(join(dir, e.name))
        : e.name === 'Lookout for Vision.log'
          ? [join(dir, e.name)]
          : [],
    );
  for (const file of walk(join(runDir, 'user-data', 'logs'))) {
    const match = /activated in ([\d.]+) ms/.exec(readFileSync(file, 'utf8'));
    if (match) return match[1];
  }
  return undefined;
}

/** What this benchmark uses of scripts/workbench.mjs (plain JavaScript, shared with the harness). */
interface Workbench {
  startCodeServer(options: {
    runDir: string;
    logFile: string;
  }): Promise<{ baseUrl: string; stop(): Promise<void> }>;
  workbenchUrl(baseUrl: string, folder: string, options: { installed: boolean }): string;
  installExtension(options: { runDir: string; vsix: string }): string;
  launchBrowser(): Promise<import('playwright-core').BrowserContext>;
}

async function main(): Promise<void> {
  const workbench = (await import(pathToFileURL(join(repo, 'scripts', 'workbench.mjs')).href)) as Workbench;
  const runDir = mkdtempSync(join(tmpdir(), 'lfv-bench-'));
  const dataDir = join(runDir, 'engine');
  const workspace = join(runDir, 'workspace');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'lookoutVision.engine.dataDir': dataDir }),
  );

  const vsix = await packageVsix(runDir);
  const zip = await yauzl.openPromise(vsix);
  console.log(
    `VSIX (linux-x64): ${(statSync(vsix).size / 1024 / 1024).toFixed(2)} MB, ${zip.entryCount} files`,
  );
  zip.close();
  // The bench's own engine and the workbench below run from the development build, as the harness does.
  spawnSync(process.execPath, [join(repo, 'scripts', 'build.mjs')], { cwd: repo, stdio: 'inherit' });
  workbench.installExtension({ runDir, vsix });

  const engine = await startCliEngine(dataDir);
  const server = await workbench.startCodeServer({ runDir, logFile: join(runDir, 'code-server.log') });
  const context = await workbench.launchBrowser();
  try {
    const seedMs = await seedProjects(engine.info);
    console.log(`seeded ${PROJECTS} projects in ${seedMs.toFixed(0)} ms`);
    const page = context.pages()[0] ?? (await context.newPage());
    const navigation = performance.now();
    await page.goto(workbench.workbenchUrl(server.baseUrl, workspace, { installed: true }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    console.log(`workbench shown ${(performance.now() - navigation).toFixed(0)} ms after navigation`);
    // A window that does not open the view: after the start-up activations, nothing of the extension runs.
    await page.waitForTimeout(5_000);
    const status = page.locator('.statusbar-item', { hasText: 'LFV:' });
    console.log(
      `window without the view, 5 s after the workbench: extension ${activationLog(runDir) ? 'ACTIVATED' : 'not activated'}, ` +
        `${await status.count()} status bar items, ${extensionProcesses(join(runDir, 'extensions'))} processes started (goal: not activated, 0)`,
    );

    // For scale: the workbench opening one of its own views for the first time.
    const searchClicked = performance.now();
    await page.locator('.activitybar .action-label[aria-label^="Search"]').click();
    await page.locator('.search-view .monaco-inputbox').first().waitFor({ timeout: 60_000 });
    console.log(
      `built-in Search view first shown: ${(performance.now() - searchClicked).toFixed(0)} ms from click`,
    );

    const icon = page.locator('.activitybar .action-label[aria-label^="Lookout for Vision"]');
    const firstRow = page.locator('.pane-body .monaco-list-row', { hasText: 'project-0000' });
    const clicked = performance.now();
    await icon.click();
    await status.waitFor({ timeout: 60_000 });
    const activated = performance.now();
    await firstRow.waitFor({ timeout: 60_000 });
    const painted = performance.now();
    console.log(
      `opening the view: activate() ran in ${activationLog(runDir) ?? '?'} ms (extension log; goal ≤ 5 ms), ` +
        `status bar item shown ${(activated - clicked).toFixed(0)} ms from click`,
    );
    const rows = await page
      .locator('.pane-body .monaco-list-row', { hasText: /^project-|Load more/ })
      .count();
    console.log(
      `tree first paint with ${PROJECTS} projects: ${(painted - clicked).toFixed(0)} ms from click, activation included (goal ≤ 300 ms; ` +
        `${rows} rows rendered)`,
    );
    // For scale: the same view shown again (the workbench re-renders rows the extension already gave it).
    await page.locator('.activitybar .action-label[aria-label^="Explorer"]').click();
    await firstRow.waitFor({ state: 'hidden' });
    const reopened = performance.now();
    await icon.click();
    await firstRow.waitFor();
    console.log(`same view shown again: ${(performance.now() - reopened).toFixed(0)} ms from click`);
  } finally {
    await context.close();
    await server.stop();
    engine.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
