// Runs the extension-host mocha suites (out/test/extension) in VS Code desktop with @vscode/test-electron, on a
// fresh copy of the sample workspace, as scripts/workbench-test.mjs runs them in code-server.
//   npm run test:desktop [-- --grep PATTERN]
// Which VS Code: LFV_VSCODE (the VS Code executable), else `code` on the PATH, else a download of
// LFV_VSCODE_VERSION (default: stable) from Microsoft's update server, which needs the network.
// Needs `npm run compile` and `npm run build` first (npm run test:desktop does both).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { sampleWorkspace } from './workbench.mjs';
import { repoDir } from './workbench-paths.mjs';

/** The VS Code executable behind the `code` command on the PATH (the command is a launcher script). */
function codeOnPath() {
  let launcher;
  try {
    const which = process.platform === 'win32' ? 'where' : 'which';
    launcher = realpathSync(execFileSync(which, ['code'], { encoding: 'utf8' }).split(/\r?\n/)[0].trim());
  } catch {
    return undefined;
  }
  // <install>/bin/code → <install>/code (Linux), <install>/bin/code.cmd → <install>/Code.exe (Windows),
  // <app>/Contents/Resources/app/bin/code → <app>/Contents/MacOS/Electron (macOS).
  const install = dirname(dirname(launcher));
  const candidates = {
    linux: [join(install, 'code')],
    win32: [join(install, 'Code.exe')],
    darwin: [join(install, '..', '..', 'MacOS', 'Electron')],
  }[process.platform];
  return candidates?.find(existsSync);
}

const argv = process.argv.slice(2);
const grepAt = argv.indexOf('--grep');
const grep = grepAt >= 0 ? argv[grepAt + 1] : undefined;
const executable = process.env.LFV_VSCODE || codeOnPath();
const runDir = mkdtempSync(join(tmpdir(), 'lfv-desktop-'));
try {
  console.log(`VS Code: ${executable ?? `download of ${process.env.LFV_VSCODE_VERSION ?? 'stable'}`}`);
  await runTests({
    ...(executable
      ? { vscodeExecutablePath: executable }
      : { version: process.env.LFV_VSCODE_VERSION ?? 'stable' }),
    extensionDevelopmentPath: repoDir,
    extensionTestsPath: join(repoDir, 'out', 'test', 'extension', 'index'),
    extensionTestsEnv: grep ? { LFV_TEST_GREP: grep } : {},
    launchArgs: [
      sampleWorkspace(runDir, 'desktop'),
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--user-data-dir',
      join(runDir, 'user-data'),
      '--extensions-dir',
      join(runDir, 'extensions'),
    ],
  });
  console.log('desktop: extension-host suites passed');
} catch (err) {
  console.error(`desktop: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  rmSync(runDir, { recursive: true, force: true });
}
