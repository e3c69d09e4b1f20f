// Playwright helpers for driving the real workbench as a user would. The harness
// (scripts/workbench-test.mjs) starts code-server and passes the page URL and output folder.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Locator, Page } from 'playwright-core';

export function harnessEnv(): { url: string; screenshots: string } {
  const url = process.env.LFV_WORKBENCH_PAGE;
  const screenshots = process.env.LFV_SCREENSHOTS;
  assert.ok(url && screenshots, 'run UI tests through scripts/workbench-test.mjs');
  return { url, screenshots };
}

/** The folder the workbench opens (where a suite puts the files it needs before opening it). */
export function workspaceFolder(): string {
  const folder = new URL(harnessEnv().url).searchParams.get('folder');
  assert.ok(folder, 'the workbench URL names its folder');
  return folder;
}

/** The browser set-up the harness uses (scripts/workbench.mjs, plain JavaScript shared with the scripts). */
async function launchBrowser(): Promise<BrowserContext> {
  const script = join(__dirname, '..', '..', '..', 'scripts', 'workbench.mjs');
  const workbench = (await import(pathToFileURL(script).href)) as {
    launchBrowser(): Promise<BrowserContext>;
  };
  return workbench.launchBrowser();
}

export async function openWorkbench(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await launchBrowser();
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(harnessEnv().url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return { context, page };
}

/**
 * Opens the workbench before a suite's tests (handing its page to `opened`) and closes it after them. A failed test
 * leaves a screenshot named `failedPrefix` + its title, then Escape closes a menu or picker it left open, so later
 * steps can click.
 */
export function useWorkbench(failedPrefix: string, opened: (page: Page) => void): void {
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  before(async () => {
    ({ context, page } = await openWorkbench());
    opened(page);
  });
  after(async () => {
    await context?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    await screenshot(page, `${failedPrefix}${this.currentTest.title.replace(/\W+/g, '-')}`);
    await page.keyboard.press('Escape');
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(harnessEnv().screenshots, `${name}.png`) });
}

/** A row of a tree or list whose label is exactly `text`. */
export function row(scope: Locator, text: string): Locator {
  return scope.locator('.monaco-list-row').filter({ has: scope.page().getByText(text, { exact: true }) });
}

export async function contextMenu(target: Locator, item: string): Promise<void> {
  const page = target.page();
  // Earlier menus can linger hidden in the DOM: only the open one counts. The workbench ignores a click
  // that lands right after the menu opens, so settle first and click again while the menu stays open.
  const menu = page.locator('.context-view .monaco-menu:visible');
  const entry = menu.locator('.action-item').filter({ hasText: item }).first();
  await target.click({ button: 'right' });
  await entry.waitFor();
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.waitForTimeout(300);
    if (!(await entry.isVisible())) return;
    await entry.click({ timeout: 10_000 }).catch(() => undefined);
    try {
      await menu.first().waitFor({ state: 'hidden', timeout: 2_000 });
      return;
    } catch {
      // still open: the click was swallowed
    }
  }
  throw new Error(`the context menu entry "${item}" did not run`);
}

export async function quickPick(page: Page, item: string): Promise<void> {
  const entry = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: item }).first();
  await entry.waitFor();
  await entry.click();
}

/**
 * Does `act` (up to three times) until the quick input has closed or its value no longer passes `holds` (the source
 * of a JavaScript predicate on the value, run in the page): a click or key that lands too early is lost.
 */
async function repeatWhileInputHolds(page: Page, act: () => Promise<void>, holds: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await act();
    try {
      await page.waitForFunction(
        `(f => !f || f.offsetParent === null || !(${holds})(f.value))(document.querySelector('.quick-input-widget input'))`,
        undefined,
        { timeout: 3_000 },
      );
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Runs a command from the palette by its full title ("Lookout for Vision: Filter Projects"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  const entry = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: title }).first();
  // A click can land while the list is still being filtered and be lost. Until the palette has closed, a
  // prompt the command opens would share its input, and text meant for the prompt would go to the palette.
  await repeatWhileInputHolds(page, () => entry.click(), `v => v.startsWith('>')`);
}

/** Answers a one-step prompt (an input box) with `text`. */
export async function quickInput(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(text);
  // An Enter that lands before the prompt takes it is lost, and the prompt then stays open until something else
  // takes the focus and cancels it (a CI run saw Start Model never start). Press again until the prompt has closed.
  await repeatWhileInputHolds(page, () => input.press('Enter'), `v => v === ${JSON.stringify(text)}`);
}

/**
 * Waits until a notification with `text` is listed in the notification center (this headless
 * workbench files notifications there without showing toasts) and leaves the center open.
 */
export async function waitForNotification(page: Page, text: RegExp, timeoutMs: number): Promise<string> {
  const center = page.locator('.notifications-center');
  const message = center.locator('.notification-list-item-message').filter({ hasText: text });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await center.isVisible()))
      await page.locator('.statusbar-item[id*="notifications"]').first().click();
    if ((await message.count()) > 0) return message.first().innerText();
    await page.waitForTimeout(500);
  }
  const seen = await center.locator('.notification-list-item-message').allInnerTexts();
  throw new Error(
    `no notification matching ${text} within ${timeoutMs} ms; seen: ${seen.join(' | ') || 'none'}`,
  );
}

export async function clearNotifications(page: Page): Promise<void> {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible())) return;
  await center.locator('.codicon-notifications-clear-all').first().click();
  if (await center.isVisible()) await page.locator('.statusbar-item[id*="notifications"]').first().click();
}

/**
 * Opens a view container from the activity bar ("Explorer", "Lookout for Vision"). A click on the
 * container already shown would hide the side bar, so it is clicked only when needed.
 */
export async function showActivity(page: Page, label: string): Promise<void> {
  const item = page
    .locator('.activitybar .action-item')
    .filter({ has: page.locator(`.action-label[aria-label^="${label}"]`) });
  const shown =
    /\bchecked\b/.test((await item.getAttribute('class')) ?? '') &&
    (await page.locator('.part.sidebar').isVisible());
  if (!shown) await item.locator('.action-label').click();
}

/** Opens the Lookout for Vision view and waits until the window is connected to the local engine. */
export async function showLookoutOnLocalEngine(page: Page): Promise<void> {
  await showActivity(page, 'Lookout for Vision');
  await page.locator('.statusbar-item').filter({ hasText: 'LFV: Local engine' }).waitFor({ timeout: 60_000 });
}

export function explorerView(page: Page): Locator {
  return page.locator('.explorer-folders-view');
}

export function lookoutView(page: Page): Locator {
  return page
    .locator('.pane')
    .filter({ has: page.locator('.pane-header', { hasText: 'Projects' }) })
    .locator('.pane-body');
}
