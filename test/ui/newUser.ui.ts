// UI: what a new user meets before any project exists. A folder without normal/ and anomaly/ is refused
// before any prompt, with the expected layout; a filter that matches nothing says so (a "Clear filter" row,
// the view's description, a title bar button shown only while filtering) instead of the welcome text.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  clearNotifications,
  contextMenu,
  explorerView,
  lookoutView,
  useWorkbench,
  quickInput,
  row,
  runCommand,
  screenshot,
  showActivity,
  waitForNotification,
} from './workbench';

describe('UI: a new user before the first project', function () {
  this.timeout(5 * 60_000);
  let page: Page;
  useWorkbench('failed-new-user-', (opened) => (page = opened));

  it('refuses a folder without normal/ and anomaly/ before asking anything', async () => {
    // The extension's menus are there once its view is.
    await showActivity(page, 'Lookout for Vision');
    await page.getByText('No projects on this connection yet').waitFor({ timeout: 60_000 });
    await showActivity(page, 'Explorer');
    await contextMenu(row(explorerView(page), 'check'), 'Create Dataset from Folder');
    const text = await waitForNotification(page, /check cannot become a dataset/, 60_000);
    assert.match(
      text,
      /normal\/ is missing, anomaly\/ is missing\. Expected check\/normal\/ and check\/anomaly\/ holding PNG or JPEG images/,
    );
    assert.equal(await page.locator('.quick-input-widget').isVisible(), false, 'no prompt was opened');
    await screenshot(page, 'new-user-01-folder-refused');
    await clearNotifications(page);
  });

  it('shows an active filter that matches nothing, and clears it from the title bar', async () => {
    await showActivity(page, 'Lookout for Vision');
    await page.getByText('No projects on this connection yet').waitFor({ timeout: 60_000 });
    const sidebar = page.locator('.part.sidebar');
    // A one-view container shows the view's title actions in its own title bar (the pane's copy is hidden).
    const clearButton = sidebar.locator('.action-label[aria-label="Clear Filter"]:visible');
    assert.equal(await clearButton.count(), 0, 'no Clear Filter button without a filter');
    await runCommand(page, 'Lookout for Vision: Filter Projects');
    await quickInput(page, 'zzz');
    const view = lookoutView(page);
    const clearRow = row(view, 'Clear filter');
    await clearRow.waitFor({ timeout: 30_000 });
    await row(view, 'No project name contains "zzz"').waitFor();
    assert.equal(
      await clearRow.getAttribute('aria-label'),
      'Clear filter, "zzz" · 0 of 0 projects, activate to Clear Filter',
    );
    assert.equal(await page.getByText('No projects on this connection yet').isVisible(), false);
    // The view's description (in the pane header, which a one-view container folds into its title).
    await sidebar.getByText('filter: zzz').first().waitFor({ state: 'attached' });
    await clearButton.waitFor();
    await screenshot(page, 'new-user-02-filter-matches-nothing');
    await clearButton.click();
    await page.getByText('No projects on this connection yet').waitFor({ timeout: 30_000 });
    await clearButton.first().waitFor({ state: 'hidden', timeout: 10_000 });
    assert.equal(await clearButton.count(), 0, 'no Clear Filter button once the filter is cleared');
    assert.equal(await sidebar.getByText('filter: zzz').count(), 0);
    await screenshot(page, 'new-user-03-filter-cleared');
  });
});
