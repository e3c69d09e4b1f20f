// UI: more of what a new user meets. A folder short of the training minimums is reported, with the numbers,
// before anything is uploaded, and "Stop" leaves no dataset (the project just named is offered for deletion).
// With more projects than a page, a double-clicked "Load more" raced by the view's Refresh lists each
// project once, without an error. Runs after the new-user suite and before the workflow: it deletes what it
// creates, so the view is back to its welcome content.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  clearNotifications,
  contextMenu,
  explorerView,
  lookoutView,
  quickInput,
  row,
  runCommand,
  screenshot,
  showActivity,
  useWorkbench,
  workspaceFolder,
  waitForNotification,
} from './workbench';

const WELCOME = 'No projects on this connection yet';
const SHORT = 'short-plates';
const PROJECTS = ['paged-1', 'paged-2', 'paged-3'];

/** The button `label` of the notification whose message matches `message` (the center must be open). */
function notificationButton(page: Page, message: RegExp, label: string): Locator {
  return page
    .locator('.notifications-center .notification-list-item')
    .filter({ has: page.locator('.notification-list-item-message', { hasText: message }) })
    .locator('.monaco-button', { hasText: label })
    .first();
}

/** What a screen reader says for each row of the Lookout for Vision tree, top to bottom. */
async function rowLabels(page: Page): Promise<string[]> {
  const rows = lookoutView(page).locator('.monaco-list-row');
  const labels: string[] = [];
  for (const r of await rows.all()) labels.push((await r.getAttribute('aria-label')) ?? '');
  return labels;
}

/** Waits until the tree's rows read `expected`; fails with the rows last seen. */
async function waitForRows(page: Page, expected: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await rowLabels(page);
    if (JSON.stringify(seen) === JSON.stringify(expected)) return;
    await page.waitForTimeout(250);
  }
  assert.deepEqual(seen, expected);
}

/**
 * Waits until the tree's rows stay the same for a second, and checks that they are the first projects, each
 * once and in order, followed by "Load more" while some are not loaded. Returns the rows.
 */
async function assertPagedRows(page: Page): Promise<string[]> {
  let seen = await rowLabels(page);
  for (let still = 0; still < 4;) {
    await page.waitForTimeout(250);
    const now = await rowLabels(page);
    still = JSON.stringify(now) === JSON.stringify(seen) ? still + 1 : 0;
    seen = now;
  }
  const shown = seen.filter((label) => label !== 'Load more').length;
  const expected = PROJECTS.slice(0, Math.max(shown, 1)).map((name) => `project ${name}`);
  assert.deepEqual(seen, expected.length < PROJECTS.length ? [...expected, 'Load more'] : expected);
  return seen;
}

async function deleteProject(page: Page, name: string): Promise<void> {
  await contextMenu(row(lookoutView(page), name), 'Delete Project');
  await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Delete' }).first().click();
  await waitForNotification(page, new RegExp(`Project ${name} deleted`), 60_000);
  await clearNotifications(page);
}

describe('UI: a new user, minimums and paging', function () {
  this.timeout(5 * 60_000);
  let page: Page;
  let workspace: string;
  let settingsFile: string;
  let settingsBefore: string;

  before(() => {
    workspace = workspaceFolder();
    // The sample folder with 12 of its 20 anomalous images: 8 short of the 20 a single dataset needs per label.
    const plates = join(workspace, 'plates');
    const short = join(workspace, SHORT);
    for (const sub of ['normal', 'anomaly', 'masks']) mkdirSync(join(short, sub), { recursive: true });
    for (const name of readdirSync(join(plates, 'normal')))
      copyFileSync(join(plates, 'normal', name), join(short, 'normal', name));
    for (const name of readdirSync(join(plates, 'anomaly')).sort().slice(0, 12)) {
      copyFileSync(join(plates, 'anomaly', name), join(short, 'anomaly', name));
      copyFileSync(join(plates, 'masks', name), join(short, 'masks', name));
    }
    copyFileSync(join(plates, 'masks', 'labels.json'), join(short, 'masks', 'labels.json'));
    // One project a page, so three projects need "Load more".
    settingsFile = join(workspace, '.vscode', 'settings.json');
    settingsBefore = readFileSync(settingsFile, 'utf8');
    const settings = JSON.parse(settingsBefore) as Record<string, unknown>;
    writeFileSync(
      settingsFile,
      JSON.stringify({ ...settings, 'lookoutVision.explorer.pageSize': 1 }, null, 2),
    );
  });

  useWorkbench('failed-new-user-more-', (opened) => (page = opened));

  after(() => {
    writeFileSync(settingsFile, settingsBefore);
    rmSync(join(workspace, SHORT), { recursive: true, force: true });
  });

  it('warns of a folder short of the training minimums, with the numbers, and Stop creates no dataset', async () => {
    await showActivity(page, 'Lookout for Vision');
    await page.getByText(WELCOME).waitFor({ timeout: 60_000 });
    await showActivity(page, 'Explorer');
    await contextMenu(row(explorerView(page), SHORT), 'Create Dataset from Folder');
    // No project yet: the only question is the new project's name, prefilled from the folder's.
    await page.waitForFunction(`document.querySelector('.quick-input-widget input')?.value === '${SHORT}'`);
    await page.locator('.quick-input-widget input').press('Enter');
    const warning = await waitForNotification(page, /has too few images to train a model/, 60_000);
    assert.equal(
      warning,
      `${SHORT} has too few images to train a model: as the project's only dataset, training needs ` +
        `8 more images with only "scratch" (12 of 20). Create the dataset anyway and add images later?`,
    );
    await notificationButton(page, /too few images/, 'Create Anyway').waitFor();
    await screenshot(page, 'new-user-04-minimums-warning');
    await notificationButton(page, /too few images/, 'Stop').click();

    // The project named a moment ago is there, without a dataset, and offered for deletion.
    const cancelled = await waitForNotification(page, /^Cancelled;/, 30_000);
    assert.equal(cancelled, `Cancelled; project ${SHORT} had already been created.`);
    await showActivity(page, 'Lookout for Vision');
    const view = lookoutView(page);
    await row(view, SHORT).click();
    await row(view, 'No datasets yet — Create Dataset from Folder').waitFor({ timeout: 30_000 });
    assert.equal(await row(view, 'train').count(), 0, 'no train dataset');
    await screenshot(page, 'new-user-05-minimums-stopped');
    await notificationButton(page, /^Cancelled;/, `Delete project ${SHORT}`).click();
    await waitForNotification(page, new RegExp(`Project ${SHORT} deleted`), 60_000);
    await clearNotifications(page);
    await page.getByText(WELCOME).waitFor({ timeout: 30_000 });
  });

  it('lists each project once when Refresh races a double-clicked "Load more"', async () => {
    await showActivity(page, 'Lookout for Vision');
    await page.getByText(WELCOME).waitFor({ timeout: 60_000 });
    for (const name of PROJECTS) {
      await runCommand(page, 'Lookout for Vision: Create Project');
      await quickInput(page, name);
      await waitForNotification(page, new RegExp(`Project ${name} created`), 60_000);
      await clearNotifications(page);
    }
    const firstPage = [`project ${PROJECTS[0]}`, 'Load more'];
    await waitForRows(page, firstPage, 30_000);

    // A one-view container shows the view's title actions in its own title bar.
    const refresh = page.locator('.part.sidebar .action-label[aria-label^="Refresh"]:visible').first();
    const loadMore = row(lookoutView(page), 'Load more…');
    await loadMore.dblclick();
    await refresh.click();
    // Whichever the extension handles last, the tree settles on whole pages, each project once, in order.
    let seen = await assertPagedRows(page);
    await screenshot(page, 'new-user-06-load-more-raced');
    for (let i = 0; i < PROJECTS.length && seen.includes('Load more'); i++) {
      await loadMore.dblclick();
      seen = await assertPagedRows(page);
    }
    assert.deepEqual(
      seen,
      PROJECTS.map((name) => `project ${name}`),
    );
    await screenshot(page, 'new-user-07-all-pages-loaded');
    const center = page.locator('.notifications-center');
    if (!(await center.isVisible()))
      await page.locator('.statusbar-item[id*="notifications"]').first().click();
    await center.waitFor();
    // A creation notice can outlive the clear-all; anything else would be the race's error.
    const messages = await center.locator('.notification-list-item-message').allInnerTexts();
    assert.deepEqual(
      messages.filter((m) => !/^Project paged-\d created\.$/.test(m)),
      [],
      'no notification but the creations',
    );
    await page.locator('.statusbar-item[id*="notifications"]').first().click();

    // Deleting a project reloads the first page, where the next one then is.
    for (const name of PROJECTS) await deleteProject(page, name);
    await page.getByText(WELCOME).waitFor({ timeout: 30_000 });
  });
});
