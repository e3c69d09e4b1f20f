// The user's path from a trained model to its edge component running on this machine: package the model, right-click
// the finished job > Download Component, run it from the notification, then Detect Anomalies on an image with the
// local edge agent. Screenshots of each step are saved for review.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  clearNotifications,
  contextMenu,
  explorerView,
  lookoutView,
  quickInput,
  quickPick,
  row,
  runCommand,
  screenshot,
  showActivity,
  useWorkbench,
  waitForNotification,
  workspaceFolder,
} from './workbench';

describe('UI: edge component run locally', function () {
  this.timeout(10 * 60_000);
  let page: Page;
  useWorkbench('failed-edge-', (opened) => (page = opened));

  it('packages a trained model for Linux x86_64', async () => {
    // Opening the view activates the extension and its engine.
    await showActivity(page, 'Lookout for Vision');
    await page
      .locator('.statusbar-item')
      .filter({ hasText: 'LFV: Local engine' })
      .waitFor({ timeout: 60_000 });
    await showActivity(page, 'Explorer');
    await contextMenu(row(explorerView(page), 'plates'), 'Create Dataset from Folder');
    await quickInput(page, 'edge-ui');
    await waitForNotification(page, /train dataset of edge-ui is ready/, 120_000);
    await clearNotifications(page);
    await showActivity(page, 'Lookout for Vision');
    const view = lookoutView(page);
    await row(view, 'edge-ui').click();
    await contextMenu(row(view, 'edge-ui'), 'Train Model');
    await waitForNotification(page, /Model 1 of edge-ui trained/, 180_000);
    await clearNotifications(page);
    await contextMenu(row(view, 'Model 1'), 'Start Model Packaging Job');
    await quickInput(page, 'edge-ui-component');
    await quickInput(page, '1.0.0');
    await quickPick(page, 'Linux x86_64');
    await page.locator('.quick-input-widget input').press('Enter');
    await waitForNotification(page, /is packaged as Greengrass component edge-ui-component 1\.0\.0/, 180_000);
    await clearNotifications(page);
  });

  it("downloads the finished job's component and runs it locally", async () => {
    const view = lookoutView(page);
    await row(view, 'Model packaging jobs').click();
    const job = view.locator('.monaco-list-row').filter({ hasText: 'succeeded · model 1' }).first();
    await job.waitFor({ timeout: 60_000 });
    await contextMenu(job, 'Download Component');
    await waitForNotification(
      page,
      /Component edge-ui-component unpacked into components\/edge-ui-component-1\.0\.0/,
      120_000,
    );
    await screenshot(page, 'edge-01-downloaded');
    // The job row's hover stays over the notification while the pointer rests on the row: move away first.
    await page.mouse.move(1, 1);
    await page
      .locator('.workbench-hover')
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => undefined);
    await page
      .locator('.notifications-center .notification-list-item')
      .filter({ hasText: 'unpacked into' })
      .locator('.monaco-button', { hasText: 'Run Component Locally' })
      .click();
    await waitForNotification(
      page,
      /Edge agent running on unix:\/\/.*: edge-ui-component \(RUNNING\)/,
      120_000,
    );
    await screenshot(page, 'edge-02-agent-running');
    await clearNotifications(page);
  });

  it('detects anomalies in an image with the local edge agent', async () => {
    await showActivity(page, 'Explorer');
    await row(explorerView(page), 'check').click();
    await contextMenu(row(explorerView(page), 'new-scratch-1.png'), 'Detect Anomalies');
    await quickPick(page, 'edge-ui-component');
    const panel = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.getByText('edge-ui-component · edge agent').waitFor({ timeout: 60_000 });
    await panel.locator('vscode-badge', { hasText: 'Anomaly' }).waitFor();
    await panel.locator('img.mask').waitFor();
    await panel.getByText('scratch').first().waitFor();
    await screenshot(page, 'edge-03-detection');
  });

  // The UI suites share one workbench and engine: the next ones start from no project.
  it('deletes what it created', async () => {
    await runCommand(page, 'View: Close All Editors');
    await showActivity(page, 'Lookout for Vision');
    await contextMenu(row(lookoutView(page), 'edge-ui'), 'Delete Project');
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Delete' }).first().click();
    await waitForNotification(page, /Project edge-ui deleted/, 120_000);
    await clearNotifications(page);
    rmSync(join(workspaceFolder(), 'components'), { recursive: true, force: true });
  });
});
