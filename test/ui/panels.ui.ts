// UI: the evaluation and detection panels as a user sees them. Trains a classification model (the sample plates
// without masks) and a segmentation model (with them), opens each model's evaluation panel and checks what is
// drawn inside the webview: the confusion matrix, the ROC and precision–recall curves, the threshold slider moving
// the figures and the matrix, thumbnails loaded, the false-positive filter and the full-size view; for segmentation
// the predicted and true masks over each test image and the per-label confusion. Then a folder detection's table
// and overlay, and a classification model's detection. The segmentation metrics, the table and the detection come back
// after a window reload. Screenshots in the light, dark and high-contrast themes. Deletes what it creates, so the view
// is back to its welcome content.
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
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
  showLookoutOnLocalEngine,
  useWorkbench,
  waitForNotification,
  workspaceFolder,
} from './workbench';

const CLASSIFICATION = 'panel-cls';
const SEGMENTATION = 'panel-seg';
const THEMES = [
  ['light', 'Default Light Modern'],
  ['dark', 'Default Dark Modern'],
  ['high-contrast', 'Default High Contrast'],
] as const;

/** The page of the webview panel shown last. */
function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

async function reloadWindow(page: Page): Promise<void> {
  await runCommand(page, 'Developer: Reload Window');
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}

async function closeEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await page
    .locator('iframe.webview.ready')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
}

/**
 * Presses Enter in the open input box until it closes: an Enter that lands while the name is still being
 * validated is ignored, and a later click elsewhere would dismiss the box.
 */
async function submitQuickInput(page: Page): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  for (let attempt = 0; attempt < 5; attempt++) {
    await widget.locator('input').press('Enter');
    try {
      await widget.waitFor({ state: 'hidden', timeout: 2_000 });
      return;
    } catch {
      // still open: press again
    }
  }
  throw new Error('the input box did not accept Enter');
}

/**
 * The "Model 1" row of `project` in the Lookout for Vision view (both projects have one), expanding the project if it
 * is collapsed. Its children load from the engine: the row is looked for until it shows, a click only ever expands
 * (a click on an expanded row would collapse it again while its children were still loading).
 */
async function modelRow(page: Page, project: string): Promise<Locator> {
  const view = lookoutView(page);
  const index = async (r: Locator) => Number(await r.getAttribute('data-index'));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const projectRow = row(view, project);
    if ((await projectRow.getAttribute('aria-expanded')) === 'false') await projectRow.click();
    const start = await index(projectRow);
    const next = await Promise.all(
      [CLASSIFICATION, SEGMENTATION].filter((p) => p !== project).map((p) => index(row(view, p))),
    );
    const end = Math.min(...next.filter((i) => i > start), Infinity);
    for (const model of await row(view, 'Model 1').all()) {
      const i = await index(model);
      if (i > start && i < end) return view.locator(`.monaco-list-row[data-index="${i}"]`);
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`no Model 1 row under ${project}`);
}

describe('UI: evaluation and detection panels', function () {
  this.timeout(20 * 60_000);
  let page: Page;
  let workspace: string;
  let settingsFile: string;
  let settingsBefore: string;

  /** Screenshots of the panel shown, one per theme; the theme is back to the default after. */
  async function themedScreenshots(name: string): Promise<void> {
    const settings = JSON.parse(settingsBefore) as Record<string, unknown>;
    for (const [label, theme] of THEMES) {
      writeFileSync(settingsFile, JSON.stringify({ ...settings, 'workbench.colorTheme': theme }, null, 2));
      const kind = label === 'light' ? 'vs' : label === 'dark' ? 'vs-dark' : 'hc-black';
      await page.waitForFunction(`document.querySelector('.monaco-workbench.${kind}') !== null`, undefined, {
        timeout: 15_000,
      });
      await page.waitForTimeout(800);
      await screenshot(page, `panels-${name}-${label}`);
    }
    writeFileSync(settingsFile, settingsBefore);
  }

  before(() => {
    workspace = workspaceFolder();
    const plates = join(workspace, 'plates');
    // The sample plates without their masks: a classification dataset.
    for (const sub of ['normal', 'anomaly']) {
      mkdirSync(join(workspace, CLASSIFICATION), { recursive: true });
      cpSync(join(plates, sub), join(workspace, CLASSIFICATION, sub), { recursive: true });
    }
    cpSync(plates, join(workspace, SEGMENTATION), { recursive: true });
    settingsFile = join(workspace, '.vscode', 'settings.json');
    settingsBefore = readFileSync(settingsFile, 'utf8');
  });

  useWorkbench('failed-panels-', (opened) => (page = opened));

  after(() => {
    writeFileSync(settingsFile, settingsBefore);
    for (const name of [CLASSIFICATION, SEGMENTATION])
      rmSync(join(workspace, name), { recursive: true, force: true });
  });

  it('trains a classification and a segmentation model', async () => {
    await showLookoutOnLocalEngine(page);
    for (const name of [CLASSIFICATION, SEGMENTATION]) {
      await showActivity(page, 'Explorer');
      await contextMenu(row(explorerView(page), name), 'Create Dataset from Folder');
      // With a project on the connection, the first question is which project.
      if (name === SEGMENTATION) await quickPick(page, 'New project');
      await page.waitForFunction(`document.querySelector('.quick-input-widget input')?.value === '${name}'`);
      await submitQuickInput(page);
      await waitForNotification(page, new RegExp(`train dataset of ${name} is ready: 40 images`), 120_000);
      await clearNotifications(page);
    }
    await showActivity(page, 'Lookout for Vision');
    for (const name of [CLASSIFICATION, SEGMENTATION])
      await contextMenu(row(lookoutView(page), name), 'Train Model');
    for (const name of [CLASSIFICATION, SEGMENTATION])
      await waitForNotification(page, new RegExp(`Model 1 of ${name} trained: F1`), 600_000);
    // A second version to compare with.
    await contextMenu(row(lookoutView(page), CLASSIFICATION), 'Train Model');
    await waitForNotification(page, new RegExp(`Model 2 of ${CLASSIFICATION} trained: F1`), 600_000);
    await clearNotifications(page);
    await closeEditors(page);
  });

  it('shows the classification evaluation: matrix, curves, a slider that moves them, thumbnails', async () => {
    await contextMenu(await modelRow(page, CLASSIFICATION), 'Show Model Metrics');
    const panel = panelFrame(page);
    await panel.getByText('Test results').waitFor({ timeout: 60_000 });
    assert.match(await panel.locator('dl.facts-list').innerText(), /Model type\s+classification/);

    // The matrix at the model's threshold adds up to the test images.
    const cell = (kind: string) => panel.locator(`td[data-cell="${kind}"] .count`);
    const counts = async () => {
      const c: Record<string, number> = {};
      for (const kind of ['tp', 'fp', 'tn', 'fn']) c[kind] = Number(await cell(kind).innerText());
      return c;
    };
    const atModel = await counts();
    const testImages = await panel.locator('.grid .card').count();
    assert.ok(testImages > 0);
    assert.equal(atModel.tp + atModel.fp + atModel.tn + atModel.fn, testImages);

    // Both curves are drawn, with the model's operating point on each.
    const curves = panel.locator('svg.chart path.curve');
    assert.equal(await curves.count(), 2);
    for (const d of await curves.evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? '')))
      assert.match(d, /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){2,}$/);
    assert.equal(await panel.locator('svg.chart circle.mark.model').count(), 2);

    // Sliding to 1 flags nothing: recall 0, every image predicted normal, and the dot leaves the model's ring.
    const recall = panel.locator('dd[data-figure="Recall"]');
    await panel.locator('#threshold').fill('1');
    await panel.locator('.threshold-value').filter({ hasText: '1.000' }).waitFor();
    const atOne = await counts();
    assert.equal(atOne.tp + atOne.fp, 0, JSON.stringify(atOne));
    assert.equal(await recall.innerText(), '0.000');
    // "Recall 1.0" moves the threshold to where every anomaly is found; a dot marks it on both curves.
    await panel.locator('vscode-button', { hasText: 'Recall 1.0' }).click();
    await recall.filter({ hasText: '1.000' }).waitFor();
    assert.equal((await counts()).fn, 0);
    assert.equal(await panel.locator('svg.chart circle.mark.current').count(), 2);
    assert.match(
      await panel.locator('.recall-note').innerText(),
      /threshold would have to be at most \d\.\d{3}/,
    );
    await panel.locator('vscode-button', { hasText: "Model's threshold" }).click();
    assert.deepEqual(await counts(), atModel);

    // Model 2 joins the plots (one more curve on each) and the table of versions.
    await panel.locator('vscode-checkbox[data-version="2"]').click();
    await panel
      .locator('table.comparison tbody tr', { hasText: 'Model 2' })
      .filter({ hasNotText: 'loading' })
      .waitFor();
    assert.equal(await panel.locator('table.comparison tbody tr').count(), 2);
    assert.equal(await panel.locator('svg.chart path.curve').count(), 4);
    assert.match(
      await panel.locator('ul.legend').innerText(),
      /Model 1: ROC AUC [\d.]+.*\n?.*Model 2: ROC AUC [\d.]+/s,
    );

    // Thumbnails load as they come into view.
    await screenshot(page, 'panels-classification-top');
    await panel.locator('.grid .card').first().scrollIntoViewIfNeeded();
    await panel.locator('.grid img.thumb.loaded').first().waitFor({ timeout: 30_000 });
    const width = await panel
      .locator('.grid img.thumb.loaded')
      .first()
      .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    assert.ok(width > 0, 'a thumbnail is a decoded image');
    await themedScreenshots('classification-metrics');

    // The false-positive filter shows exactly the matrix's false positives; a card opens full size with its line.
    await panel.locator('vscode-button[data-filter="fp"]').click();
    assert.equal(await panel.locator('.grid .card').count(), atModel.fp);
    await panel.locator('vscode-button[data-filter="all"]').click();
    await panel.locator('.grid .card').first().click();
    const dialog = panel.locator('dialog.viewer');
    await dialog.locator('.full img').waitFor({ timeout: 30_000 });
    assert.match(await dialog.locator('pre.manifest-line').innerText(), /"source-ref": "s3:\/\//);
    await screenshot(page, 'panels-classification-full-size');
    await dialog.locator('vscode-button', { hasText: 'Close' }).click();
    await closeEditors(page);
  });

  it('shows the segmentation evaluation: predicted and true masks, per-label figures and confusion', async () => {
    await contextMenu(await modelRow(page, SEGMENTATION), 'Show Model Metrics');
    const panel = panelFrame(page);
    await panel.getByText('Test results').waitFor({ timeout: 60_000 });
    assert.match(await panel.locator('dl.facts-list').innerText(), /Model type\s+segmentation/);
    const labels = panel.locator('table.data', { hasText: 'Per anomaly label' });
    assert.match(await labels.locator('tbody tr').first().innerText(), /scratch/);
    assert.equal(await panel.locator('svg.chart path.curve').count(), 2);

    // Each card pairs the predicted mask over the image with the true mask over it; an anomaly's both load.
    const cards = panel.locator('.grid .card');
    assert.equal(await cards.locator('.pair').count(), await cards.count());
    const anomaly = cards.filter({ hasText: /· true \w/ }).first();
    await anomaly.scrollIntoViewIfNeeded();
    for (const layer of ['predictedMask', 'trueMask'])
      await anomaly.locator(`figure.layer-${layer} img.mask.loaded`).waitFor({ timeout: 30_000 });
    assert.match(await anomaly.locator('figure.layer-trueMask figcaption').innerText(), /^True: .*scratch/);
    assert.match(await anomaly.locator('figure.layer-predictedMask figcaption').innerText(), /^Predicted: /);
    const maskWidth = await anomaly
      .locator('figure.layer-trueMask img.mask')
      .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    assert.ok(maskWidth > 0, 'the true mask is a decoded image');

    // The confusion counts images by true × predicted label: its scratch diagonal is the cards that have a
    // scratch both in their true mask and in their predicted one, its "none" row the normal images.
    const confusion = panel.locator('table.label-confusion');
    const cell = (truth: string, predicted: string) =>
      confusion.locator(`td[data-true="${truth}"][data-predicted="${predicted}"]`);
    // Text content, not inner text: cards off screen are not rendered (content-visibility).
    const facts = await cards.locator('.facts').allTextContents();
    const both = facts.filter((f) => /true [^·]*scratch/.test(f) && /found [^·]*scratch/.test(f)).length;
    assert.equal(Number(await cell('scratch', 'scratch').innerText()), both);
    const noneRow = await confusion.locator('td[data-true="none"]').allInnerTexts();
    const normals = facts.filter((f) => f.startsWith('actual normal')).length;
    assert.ok(
      noneRow.reduce((sum, n) => sum + Number(n), 0) >= normals,
      `${noneRow.join(',')} covers ${normals} normal images`,
    );
    await themedScreenshots('segmentation-metrics');
    await confusion.scrollIntoViewIfNeeded();
    await screenshot(page, 'panels-segmentation-confusion');

    // Full size: the two masks side by side over the image.
    await anomaly.click();
    const dialog = panel.locator('dialog.viewer');
    await dialog.locator('.pair.full img.mask.loaded').nth(1).waitFor({ timeout: 30_000 });
    assert.match(
      await dialog.locator('pre.manifest-line').innerText(),
      /"anomaly-mask-ref-detected": "s3:\/\//,
    );
    await themedScreenshots('segmentation-full-size');
    await dialog.locator('vscode-button', { hasText: 'Close' }).click();

    // After a window reload the panel loads the same model's metrics again.
    await reloadWindow(page);
    const restored = panelFrame(page);
    await restored.getByText('Test results').waitFor({ timeout: 60_000 });
    assert.match(await restored.locator('h2').first().innerText(), new RegExp(`^${SEGMENTATION} · model 1`));
    assert.match(await restored.locator('dl.facts-list').innerText(), /Model type\s+segmentation/);
    await closeEditors(page);
  });

  it('lists a folder detection in a table with thumbnails; a row shows its mask', async () => {
    await showActivity(page, 'Lookout for Vision');
    await contextMenu(await modelRow(page, SEGMENTATION), 'Start Model');
    await quickInput(page, '1');
    await waitForNotification(page, new RegExp(`Model 1 of ${SEGMENTATION} is hosted`), 180_000);
    await clearNotifications(page);
    await closeEditors(page);

    await showActivity(page, 'Explorer');
    await contextMenu(row(explorerView(page), 'check'), 'Detect Anomalies in Folder');
    await quickPick(page, `${SEGMENTATION} · model 1`);
    const panel = panelFrame(page);
    const rows = panel.locator('table.results tbody tr');
    // The rows arrive as they are detected; the run's summary ends them.
    await panel
      .locator('.run-state')
      .filter({ hasText: /^Checked 6 of 6 images/ })
      .waitFor({ timeout: 120_000 });
    assert.equal(await rows.count(), 6);
    await panel.locator('table.results img.thumb.loaded').first().waitFor({ timeout: 30_000 });

    // Sorted by confidence, highest first; filtered to the scratches found.
    await panel.locator('th', { hasText: 'Confidence' }).click();
    assert.equal(await panel.locator('th[aria-sort="descending"]').innerText(), 'Confidence');
    await panel.locator('vscode-textfield').evaluate((field) => {
      const input = field as unknown as { value: string; dispatchEvent(e: unknown): void };
      input.value = 'scratch';
      input.dispatchEvent(new Event('input'));
    });
    const shown = await rows.count();
    assert.ok(shown >= 1 && shown < 6, `${shown} rows with a scratch`);
    for (const text of await rows.allInnerTexts()) assert.match(text, /scratch/);

    await rows.first().click();
    const detail = panel.locator('section.detail');
    await detail.locator('img.mask').waitFor({ timeout: 30_000 });
    assert.match(await detail.locator('table.legend').innerText(), /scratch\s+\d+(\.\d+)? %/);
    const opacity = detail.locator('input[aria-label="Mask opacity"]');
    await opacity.fill('0.2');
    assert.equal(
      await detail
        .locator('img.mask')
        .evaluate((m) => (m as unknown as { style: { opacity: string } }).style.opacity),
      '0.2',
    );
    await themedScreenshots('folder-detection');

    // After a window reload the table comes back as it was, and a row shows its mask again (detected anew).
    await reloadWindow(page);
    const restored = panelFrame(page);
    const restoredRows = restored.locator('table.results tbody tr');
    await restoredRows.nth(5).waitFor({ timeout: 60_000 });
    assert.equal(await restoredRows.count(), 6);
    assert.match(await restored.locator('.run-state').innerText(), /^Checked 6 of 6 images/);
    await restoredRows.filter({ hasText: 'scratch' }).first().click();
    await restored.locator('section.detail img.mask').waitFor({ timeout: 60_000 });
    await screenshot(page, 'panels-folder-detection-restored');
    await closeEditors(page);
  });

  it('says a classification model returns no mask', async () => {
    await showActivity(page, 'Lookout for Vision');
    await contextMenu(await modelRow(page, CLASSIFICATION), 'Start Model');
    await quickInput(page, '1');
    await waitForNotification(page, new RegExp(`Model 1 of ${CLASSIFICATION} is hosted`), 180_000);
    await clearNotifications(page);
    await closeEditors(page);
    await showActivity(page, 'Explorer');
    const image = row(explorerView(page), 'new-scratch-1.png');
    if (!(await image.isVisible())) await row(explorerView(page), 'check').click();
    await contextMenu(image, 'Detect Anomalies');
    await quickPick(page, `${CLASSIFICATION} · model 1`);
    const panel = panelFrame(page);
    await panel.locator('vscode-badge.verdict').waitFor({ timeout: 60_000 });
    assert.match(await panel.locator('.no-mask').innerText(), /classifies whole images/);
    assert.equal(await panel.locator('img.mask').count(), 0);
    await themedScreenshots('classification-detection');

    // After a window reload the panel detects again on the same image with the same model.
    await reloadWindow(page);
    const restored = panelFrame(page);
    await restored.locator('vscode-badge.verdict').waitFor({ timeout: 60_000 });
    assert.match(await restored.locator('h2').first().innerText(), /^new-scratch-1\.png/);
    assert.match(await restored.locator('.no-mask').innerText(), /classifies whole images/);
    await closeEditors(page);
  });

  it('stops the models and deletes what it created', async () => {
    await showActivity(page, 'Lookout for Vision');
    const view = lookoutView(page);
    for (const name of [CLASSIFICATION, SEGMENTATION]) {
      await contextMenu(await modelRow(page, name), 'Stop Model');
      await waitForNotification(page, new RegExp(`Model 1 of ${name} stopped`), 120_000);
      await clearNotifications(page);
    }
    for (const name of [CLASSIFICATION, SEGMENTATION]) {
      await contextMenu(row(view, name), 'Delete Project');
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Delete' }).first().click();
      await waitForNotification(page, new RegExp(`Project ${name} deleted`), 120_000);
      await clearNotifications(page);
    }
  });
});
