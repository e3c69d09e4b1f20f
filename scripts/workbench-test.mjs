// End-to-end harness: starts code-server with throwaway state, then
//  1. runs the mocha suites in the real extension host (out/test/extension/index.js → run()), and
//  2. runs the Playwright UI tests (out/test/ui/*.ui.js) in Debian Chromium against the same workbench.
// Screenshots land in .test-output/screenshots/, logs in .test-output/workbench/. Exits non-zero if any test fails.
//   node scripts/workbench-test.mjs [--extension-only|--ui-only|--installed] [--grep PATTERN]
// --installed: installs the linux-x64 VSIX (`npm run package`) with --install-extension, as a user would, and runs
// the installed copy's own test (test/ui/installed.ui.ts) and the user's path to a detection (workflow.ui.ts) in a
// workbench without the development path.
// LFV_TEST_OUTPUT names another output folder, so that two runs on one checkout do not share state.
// Needs `node scripts/setup-workbench.mjs`, `npx tsc -p .` and `npm run build` first.
import { mkdirSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { vsixPath } from './package.mjs';
import {
  installExtension,
  launchBrowser,
  sampleWorkspace,
  startCodeServer,
  workbenchUrl,
} from './workbench.mjs';
import { repoDir } from './workbench-paths.mjs';

const argv = process.argv.slice(2);
const grepAt = argv.indexOf('--grep');
const grep = grepAt >= 0 ? argv[grepAt + 1] : undefined;
const installed = argv.includes('--installed');
const runExtension = !argv.includes('--ui-only') && !installed;
const runUi = !argv.includes('--extension-only');
/** The UI tests of --installed mode; the first runs in no other mode. */
const INSTALLED = ['installed.ui.js', 'workflow.ui.js'];

const outputDir = join(repoDir, process.env.LFV_TEST_OUTPUT ?? '.test-output');
const screenshotDir = join(outputDir, 'screenshots');
const logDir = join(outputDir, 'workbench');
const runDir = join(logDir, 'run');
rmSync(runDir, { recursive: true, force: true });
mkdirSync(screenshotDir, { recursive: true });
mkdirSync(runDir, { recursive: true });

for (const file of ['dist/extension.js', 'dist/cli.js', 'out/test/extension/index.js']) {
  if (!existsSync(join(repoDir, file)))
    throw new Error(`${file} is missing: run \`npm run compile && npm run build\``);
}

const makeWorkspace = (name) => sampleWorkspace(runDir, name);

/** Test counts of both mocha runs, for the closing summary line. */
const counts = { passed: 0, failed: 0 };

function countMochaSummary(text) {
  const m = /^\s*(\d+) (passing|failing)\b/.exec(text);
  if (m) counts[m[2] === 'passing' ? 'passed' : 'failed'] += Number(m[1]);
}

async function runExtensionHostSuites(server) {
  const context = await launchBrowser();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    let finish;
    const exitCode = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(args ?? []));
      countMochaSummary(text);
      // The workbench cannot reach the extension gallery offline; those errors are expected noise.
      if (!/gallery|ENOTFOUND|marketplace|AccountPolicyGate/i.test(text))
        console.log(`[ext-host ${type}] ${text}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    const folder = makeWorkspace('extension');
    const testsPath = join(repoDir, 'out', 'test', 'extension', 'index');
    await page.goto(workbenchUrl(server.baseUrl, folder, { testsPath }));
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 15 * 60_000).unref());
    const code = await Promise.race([exitCode, timeout]);
    await page.screenshot({ path: join(screenshotDir, 'extension-host-end.png') }).catch(() => undefined);
    if (code === 'timeout') {
      console.error('Extension-host suites did not finish within 15 minutes');
      return 1;
    }
    console.log(`Extension-host suites exited with ${code}`);
    return code;
  } finally {
    await context.close();
  }
}

async function runUiTests(server) {
  const files = readdirSync(join(repoDir, 'out', 'test', 'ui'))
    .filter((f) => f.endsWith('.ui.js') && (installed ? INSTALLED.includes(f) : f !== INSTALLED[0]))
    .sort()
    .map((f) => join(repoDir, 'out', 'test', 'ui', f));
  if (files.length === 0) return 0;
  process.env.LFV_WORKBENCH_PAGE = workbenchUrl(
    server.baseUrl,
    makeWorkspace(installed ? 'installed' : 'ui'),
    { installed },
  );
  process.env.LFV_SCREENSHOTS = screenshotDir;
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ timeout: 5 * 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const file of files) mocha.addFile(file);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run((failures) => {
      counts.passed += runner.stats?.passes ?? 0;
      counts.failed += runner.stats?.failures ?? 0;
      resolve(failures > 0 ? 1 : 0);
    });
  });
}

if (installed) {
  const vsix = vsixPath('linux-x64');
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\``);
  console.log(installExtension({ runDir, vsix }));
}
const server = await startCodeServer({
  runDir,
  logFile: join(logDir, 'code-server.log'),
  env: grep ? { LFV_TEST_GREP: grep } : {},
});
let failed = false;
try {
  if (runExtension) failed = (await runExtensionHostSuites(server)) !== 0 || failed;
  if (runUi) failed = (await runUiTests(server)) !== 0 || failed;
} catch (err) {
  console.error(err);
  failed = true;
} finally {
  await server.stop();
}
console.log(`Screenshots: ${screenshotDir}`);
writeFileSync(join(logDir, 'summary.json'), JSON.stringify(counts) + '\n');
console.log(`workbench: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(failed ? 1 : 0);
