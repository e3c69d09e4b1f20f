// UI: a broken manifest in the editor, its problems in the Problems panel, a quick fix from the light bulb.
import * as assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { harnessEnv, openWorkbench, screenshot } from './workbench';

describe('UI: manifest problems', function () {
  this.timeout(5 * 60_000);
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    const folder = new URL(harnessEnv().url).searchParams.get('folder');
    assert.ok(folder, 'the workbench URL names its folder');
    copyFileSync(
      join(__dirname, '..', '..', '..', 'test', 'fixtures', 'manifest', 'bad.manifest'),
      join(folder, 'bad.manifest'),
    );
    ({ context, page } = await openWorkbench());
  });

  after(async () => {
    await context?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(page, 'failed-manifest-problems');
  });

  it('lists the manifest problems in the Problems panel', async () => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('bad.manifest');
    await page
      .locator('.quick-input-widget .monaco-list-row')
      .filter({ hasText: 'bad.manifest' })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: 'class-name-unknown' }).first().waitFor({ timeout: 60_000 });
    await rows.filter({ hasText: 'json-syntax' }).first().waitFor();
    await screenshot(page, 'manifest-problems');
  });
});
