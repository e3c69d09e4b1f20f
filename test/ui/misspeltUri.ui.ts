// UI: a source-ref with a misspelt scheme ("s3:/bucket/key") is an error in the Problems panel, and its quick
// fix, chosen from the editor's quick-fix menu, rewrites it to the s3://bucket/key it meant.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot, useWorkbench, workspaceFolder } from './workbench';

const MISSPELT = 's3:/tile-bucket/normal/tile-06.png';
const MEANT = 's3://tile-bucket/normal/tile-06.png';

describe('UI: misspelt s3 reference', function () {
  this.timeout(5 * 60_000);
  let page: Page;
  let file: string;

  before(() => {
    file = join(workspaceFolder(), 'tiles.manifest');
    const line = {
      'source-ref': MISSPELT,
      'anomaly-label': 0,
      'anomaly-label-metadata': {
        'class-name': 'normal',
        'human-annotated': 'yes',
        type: 'groundtruth/image-classification',
      },
    };
    writeFileSync(file, `${JSON.stringify(line)}\n`);
  });
  useWorkbench('failed-misspelt-uri-', (opened) => (page = opened));

  it('shows the error in the Problems panel and fixes it from the quick-fix menu', async () => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('tiles.manifest');
    await page
      .locator('.quick-input-widget .monaco-list-row')
      .filter({ hasText: 'tiles.manifest' })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await page.keyboard.press('Control+Shift+M');
    const problem = page
      .locator('.markers-panel .monaco-list-row')
      .filter({ hasText: 'source-ref-invalid' })
      .filter({ hasText: 'misspelt s3:// reference' });
    await problem.first().waitFor({ timeout: 60_000 });
    assert.match(await problem.first().innerText(), /should read "s3:\/\/tile-bucket\/normal\/tile-06\.png"/);
    await screenshot(page, 'misspelt-uri-problem');

    // Opening the problem puts the cursor on it; Ctrl+. lists its quick fixes.
    await problem.first().dblclick();
    const fix = page.locator('.action-widget .monaco-list-row').filter({ hasText: `Change to "${MEANT}"` });
    // The editor's light bulb shows once the code actions at the cursor are known; clicking it lists them.
    for (let attempt = 0; ; attempt++) {
      try {
        await page.locator('.monaco-editor .lightBulbWidget').first().click({ timeout: 10_000 });
        await fix.first().waitFor({ timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
        await page.keyboard.press('Escape');
        await problem.first().dblclick();
      }
    }
    await screenshot(page, 'misspelt-uri-quick-fix');
    await fix.first().click();
    await page.keyboard.press('Control+S');
    const deadline = Date.now() + 30_000;
    while (!readFileSync(file, 'utf8').includes(`"${MEANT}"`) && Date.now() < deadline)
      await page.waitForTimeout(250);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.equal(saved['source-ref'], MEANT);
    await problem.first().waitFor({ state: 'detached', timeout: 30_000 });
    await screenshot(page, 'misspelt-uri-fixed');
  });
});
