// UI: a broken manifest in the editor, its problems in the Problems panel, a quick fix from the light bulb.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot, useWorkbench, workspaceFolder } from './workbench';

describe('UI: manifest problems', function () {
  this.timeout(5 * 60_000);
  let page: Page;

  before(() => {
    copyFileSync(
      join(__dirname, '..', '..', '..', 'test', 'fixtures', 'manifest', 'bad.manifest'),
      join(workspaceFolder(), 'bad.manifest'),
    );
  });
  useWorkbench('failed-manifest-problems-', (opened) => (page = opened));

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
