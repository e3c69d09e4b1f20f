// The user's path through the real workbench: open the view, create a project from the sample
// folder, see it in the tree, train, start, right-click an image > Detect Anomalies, see the mask.
// Screenshots of each step are saved for review.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  clearNotifications,
  contextMenu,
  explorerView,
  lookoutView,
  useWorkbench,
  quickInput,
  quickPick,
  row,
  screenshot,
  waitForNotification,
} from './workbench';

describe('UI: sample folder to detection', function () {
  this.timeout(10 * 60_000);
  let page: Page;
  useWorkbench('failed-', (opened) => (page = opened));

  it('opens the Lookout for Vision view with its welcome content and connection', async () => {
    await page.locator('.activitybar .action-label[aria-label^="Lookout for Vision"]').click();
    await page.getByText('No projects on this connection yet').waitFor({ timeout: 60_000 });
    await page.locator('.statusbar-item').filter({ hasText: 'LFV: Local engine' }).waitFor();
    await screenshot(page, '01-welcome');
  });

  it('creates a project and its dataset from the sample folder', async () => {
    await page.locator('.activitybar .action-label[aria-label^="Explorer"]').click();
    await contextMenu(row(explorerView(page), 'plates'), 'Create Dataset from Folder');
    // No project yet: the only question is the new project's name, prefilled from the folder's.
    const name = page.locator('.quick-input-widget input');
    await name.waitFor();
    await page.waitForFunction("document.querySelector('.quick-input-widget input')?.value === 'plates'");
    await screenshot(page, '02-project-name-prefilled');
    await name.press('Enter');
    await waitForNotification(
      page,
      /train dataset of plates is ready: 40 images \(20 normal, 20 anomaly\)/,
      120_000,
    );
    await screenshot(page, '02-dataset-created');
    await clearNotifications(page);
  });

  it('shows the project, its dataset and image counts in the tree', async () => {
    await page.locator('.activitybar .action-label[aria-label^="Lookout for Vision"]').click();
    const view = lookoutView(page);
    await row(view, 'plates').click();
    await row(view, 'train').waitFor();
    const text = await row(view, 'train').innerText();
    assert.match(text, /40 images · 20 anomalous/);
    // What a screen reader says for each row: its name and kind first.
    assert.equal(await row(view, 'plates').getAttribute('aria-label'), 'project plates');
    assert.equal(
      await row(view, 'train').getAttribute('aria-label'),
      'train dataset, ready, 40 images, 20 anomalous',
    );
    assert.equal(
      await row(view, 'No models yet — Train Model').getAttribute('aria-label'),
      'No models yet — Train Model, activate to Train Model',
    );
    await screenshot(page, '03-tree');
  });

  it('trains a model and shows its F1 score', async () => {
    const view = lookoutView(page);
    await contextMenu(row(view, 'plates'), 'Train Model');
    await waitForNotification(page, /Model 1 of plates trained: F1 \d\.\d{3}/, 180_000);
    await clearNotifications(page);
    await row(view, 'Model 1').waitFor();
    assert.match(await row(view, 'Model 1').innerText(), /trained · F1 \d\.\d{3}/);
    assert.match(
      (await row(view, 'Model 1').getAttribute('aria-label')) ?? '',
      /^Model 1, trained, F1 \d\.\d{3}$/,
    );
    await screenshot(page, '04-trained');
  });

  it('starts the model', async () => {
    const view = lookoutView(page);
    await contextMenu(row(view, 'Model 1'), 'Start Model');
    await quickInput(page, '1');
    await waitForNotification(page, /Model 1 of plates is hosted/, 120_000);
    await clearNotifications(page);
    await row(lookoutView(page), 'Model 1').filter({ hasText: 'hosted' }).waitFor({ timeout: 30_000 });
    assert.match((await row(view, 'Model 1').getAttribute('aria-label')) ?? '', /^Model 1, hosted, F1 /);
    await screenshot(page, '05-hosted');
  });

  it('detects anomalies on an image from the Explorer and shows the mask over it', async () => {
    await page.locator('.activitybar .action-label[aria-label^="Explorer"]').click();
    await row(explorerView(page), 'check').click();
    await contextMenu(row(explorerView(page), 'new-scratch-1.png'), 'Detect Anomalies');
    await quickPick(page, 'plates · model 1');
    const panel = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.locator('vscode-badge', { hasText: 'Anomaly' }).waitFor({ timeout: 60_000 });
    await panel.locator('img.mask').waitFor();
    await panel.getByText('scratch').first().waitFor();
    await screenshot(page, '06-detection');
  });

  it('shows the evaluation metrics of the model', async () => {
    await page.locator('.activitybar .action-label[aria-label^="Lookout for Vision"]').click();
    await contextMenu(row(lookoutView(page), 'Model 1'), 'Show Model Metrics');
    const panel = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    await panel.getByText('Test results').waitFor({ timeout: 60_000 });
    await screenshot(page, '07-metrics');
  });
});
