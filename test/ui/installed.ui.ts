// The extension as a user gets it: the linux-x64 VSIX installed with --install-extension into a workbench that has
// no development path (scripts/workbench-test.mjs --installed). A window that never opens the view starts nothing;
// opening the view activates the extension, starts the local engine and lists its (no) projects. The user's path on
// to a detection then runs on the same installed copy (workflow.ui.ts, run after this file in that mode).
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { explorerView, row, screenshot, showActivity, useWorkbench, workspaceFolder } from './workbench';

/** The engine data folder the harness set for this workspace: it exists once an engine was started on it. */
function engineDataDir(): string {
  const settings = JSON.parse(
    readFileSync(join(workspaceFolder(), '.vscode', 'settings.json'), 'utf8'),
  ) as Record<string, string>;
  const dir = settings['lookoutVision.engine.dataDir'];
  assert.ok(dir, 'the harness sets lookoutVision.engine.dataDir');
  return dir;
}

/** Whether the extension activated in this run: activate() writes the extension's log in the run's logs folder. */
function activated(): boolean {
  const logs = join(dirname(workspaceFolder()), 'user-data', 'logs');
  return readdirSync(logs, { recursive: true, encoding: 'utf8' }).some((path) =>
    path.endsWith(join('lookout-vision.lookout-vision', 'Lookout for Vision.log')),
  );
}

describe('UI: the installed VSIX', function () {
  this.timeout(5 * 60_000);
  let page: Page;
  useWorkbench('failed-installed-', (opened) => (page = opened));
  const status = () => page.locator('.statusbar-item').filter({ hasText: 'LFV:' });

  it('stays inactive, with no engine, in a window that does not open its view', async () => {
    // The workbench has restored its views and run the start-up activations by the time the Explorer lists the
    // workspace; the extension's own entry (the activity bar icon) is there without activating anything.
    await row(explorerView(page), 'plates').waitFor();
    await page.locator('.activitybar .action-label[aria-label^="Lookout for Vision"]').waitFor();
    await page.waitForTimeout(5_000);
    assert.ok(!activated(), 'the extension did not activate');
    assert.equal(await status().count(), 0, 'no status bar item');
    assert.ok(!existsSync(engineDataDir()), 'no engine was started');
    await screenshot(page, 'installed-01-not-activated');
  });

  it('opens the view, starts the engine and shows the status bar item', async () => {
    await showActivity(page, 'Lookout for Vision');
    await page.getByText('No projects on this connection yet').waitFor({ timeout: 60_000 });
    await status().filter({ hasText: 'LFV: Local engine' }).waitFor();
    assert.ok(activated(), 'the extension activated');
    assert.ok(
      existsSync(join(engineDataDir(), 'credentials.json')),
      'the engine keeps its state in its folder',
    );
    await screenshot(page, 'installed-02-view');
  });
});
