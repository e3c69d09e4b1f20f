// UI: verifying a hosted model's detections from the dataset view, as a user does after training. A segmentation
// model trained on the sample plates is hosted; six new plates arrive unlabeled. "Detect in unlabeled" runs the model
// over them: each cell shows its verdict and confidence, scratches their predicted mask over the thumbnail. V accepts
// a verdict, so does the Accept button; Enter opens the annotator on the predicted mask, corrected there and saved;
// N flips a verdict. The service then holds exactly those labels and masks; a window reload restores the view.
// Screenshots in the light and dark themes. Deletes what it creates.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateDatasetCommand,
  CreateModelCommand,
  CreateProjectCommand,
  DeleteDatasetCommand,
  DeleteModelCommand,
  DeleteProjectCommand,
  DescribeModelCommand,
  ListDatasetEntriesCommand,
  type LookoutVisionClient,
  StartModelCommand,
  StopModelCommand,
  UpdateDatasetEntriesCommand,
} from '@aws-sdk/client-lookoutvision';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { manifestLine } from '../../src/client/manifestLines';
import { ensureBucket, getObject, putObject } from '../../src/client/objectStore';
import { waitFor } from '../support/wait';
import { engineClients, galleryFrame, themedScreenshots } from './galleryPage';
import {
  contextMenu,
  lookoutView,
  row,
  runCommand,
  screenshot,
  showLookoutOnLocalEngine,
  useWorkbench,
  workspaceFolder,
} from './workbench';

const PROJECT = 'gallery-verify';
const BUCKET = 'lfv-gallery-verify';
const SCRATCH = '#ff0000';
const CHECK = [
  'new-scratch-1',
  'new-scratch-2',
  'new-scratch-3',
  'new-plate-1',
  'new-plate-2',
  'new-plate-3',
];

/** The sample plates with their scratch masks as a segmentation dataset, the check plates unlabeled; a hosted model. */
async function seed(lv: LookoutVisionClient, s3: S3Client): Promise<string> {
  await ensureBucket(s3, BUCKET);
  const plates = join(workspaceFolder(), 'plates');
  const lines: string[] = [];
  const upload = async (file: string, key: string) => {
    await putObject(s3, BUCKET, key, readFileSync(file), 'image/png');
    return `s3://${BUCKET}/${key}`;
  };
  for (const name of readdirSync(join(plates, 'normal'))) {
    const sourceRef = await upload(join(plates, 'normal', name), `images/normal/${name}`);
    lines.push(manifestLine({ sourceRef, className: 'normal' }, 'ui/verify'));
  }
  for (const name of readdirSync(join(plates, 'anomaly'))) {
    const sourceRef = await upload(join(plates, 'anomaly', name), `images/anomaly/${name}`);
    const ref = await upload(join(plates, 'masks', name), `labels/${name}`);
    const mask = { ref, labels: [{ className: 'scratch', hexColor: SCRATCH }] };
    lines.push(manifestLine({ sourceRef, className: 'anomaly', mask }, 'ui/verify'));
  }
  for (const name of CHECK) {
    const sourceRef = await upload(join(workspaceFolder(), 'check', `${name}.png`), `camera/${name}.png`);
    lines.push(JSON.stringify({ 'source-ref': sourceRef }));
  }
  await lv.send(new CreateProjectCommand({ ProjectName: PROJECT }));
  await lv.send(new CreateDatasetCommand({ ProjectName: PROJECT, DatasetType: 'train' }));
  await lv.send(
    new UpdateDatasetEntriesCommand({
      ProjectName: PROJECT,
      DatasetType: 'train',
      Changes: new TextEncoder().encode(lines.join('\n')),
    }),
  );
  const created = await lv.send(
    new CreateModelCommand({
      ProjectName: PROJECT,
      OutputConfig: { S3Location: { Bucket: BUCKET, Prefix: 'output/' } },
    }),
  );
  const version = created.ModelMetadata!.ModelVersion!;
  const status = async () =>
    (await lv.send(new DescribeModelCommand({ ProjectName: PROJECT, ModelVersion: version })))
      .ModelDescription?.Status;
  await waitFor('training', status, (s) => s !== 'TRAINING', 300);
  assert.equal(await status(), 'TRAINED');
  await lv.send(new StartModelCommand({ ProjectName: PROJECT, ModelVersion: version, MinInferenceUnits: 1 }));
  await waitFor('hosting', status, (s) => s !== 'STARTING_HOSTING', 120);
  assert.equal(await status(), 'HOSTED');
  return version;
}

/** Each check plate's class in the service ('-': unlabeled) and whether it has a mask. */
async function labels(lv: LookoutVisionClient): Promise<Record<string, string>> {
  const out = await lv.send(
    new ListDatasetEntriesCommand({
      ProjectName: PROJECT,
      DatasetType: 'train',
      SourceRefContains: 'camera/',
    }),
  );
  const found: Record<string, string> = {};
  for (const text of out.DatasetEntries ?? []) {
    const line = JSON.parse(text) as Record<string, { 'class-name'?: string } | string>;
    const name = (line['source-ref'] as string).split('/').pop()!.replace('.png', '');
    const cls =
      (line['anomaly-label-metadata'] as { 'class-name'?: string } | undefined)?.['class-name'] ?? '-';
    found[name] = cls + (line['anomaly-mask-ref'] ? '+mask' : '');
  }
  return found;
}

describe('UI: verify detections in the dataset view', function () {
  this.timeout(10 * 60_000);
  let page: Page;
  let lv: LookoutVisionClient;
  let s3: S3Client;
  let version = '';
  const frame = () => galleryFrame(page);
  const status = () => frame().locator('.gallery footer.status');
  const cell = (name: string) => frame().locator(`.cell[data-ref$="camera/${name}.png"]`);

  after(async () => {
    if (!lv) return;
    await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    const model = { ProjectName: PROJECT, ModelVersion: version };
    await lv.send(new StopModelCommand(model)).catch(() => undefined);
    await waitFor(
      'the model to stop',
      async () => (await lv.send(new DescribeModelCommand(model))).ModelDescription?.Status,
      (s) => s !== 'HOSTED' && s !== 'STOPPING_HOSTING',
    ).catch(() => undefined);
    await lv.send(new DeleteModelCommand(model)).catch(() => undefined);
    await waitFor(
      'the model to go',
      () =>
        lv.send(new DescribeModelCommand(model)).then(
          () => false,
          () => true,
        ),
      (gone) => gone,
    ).catch(() => undefined);
    await lv
      .send(new DeleteDatasetCommand({ ProjectName: PROJECT, DatasetType: 'train' }))
      .catch(() => undefined);
    await lv.send(new DeleteProjectCommand({ ProjectName: PROJECT })).catch(() => undefined);
  });

  // Registered after the clean-up above: mocha runs `after` hooks in order, and this one closes the browser.
  useWorkbench('failed-verify-', (opened) => (page = opened));

  it('runs the hosted model over the unlabeled images: verdicts, confidence and masks on the cells', async () => {
    await showLookoutOnLocalEngine(page);
    ({ lv, s3 } = engineClients());
    version = await seed(lv, s3);
    await page.locator('.part.sidebar .action-label[aria-label^="Refresh"]:visible').first().click();
    const view = lookoutView(page);
    await row(view, PROJECT).click();
    const dataset = row(view, 'train');
    await dataset.waitFor();
    await contextMenu(dataset, 'Open Dataset');
    await status()
      .filter({ hasText: /^46 of 46 images$/ })
      .waitFor({ timeout: 60_000 });
    await frame().locator('vscode-single-select.filter-state').click();
    await frame()
      .locator('vscode-single-select.filter-state')
      .getByRole('option', { name: 'Unlabeled', exact: true })
      .click();
    await status()
      .filter({ hasText: /^6 of 46 images$/ })
      .waitFor();

    await frame().locator('vscode-button', { hasText: 'Detect in unlabeled' }).click();
    await status()
      .filter({ hasText: /6 to verify$/ })
      .waitFor({ timeout: 60_000 });
    await frame()
      .locator('.verify-status')
      .filter({ hasText: `Model ${version}: 6 of 6 images checked` })
      .waitFor();
    for (const name of CHECK) {
      const verdict = cell(name).locator('.prediction');
      await verdict.waitFor();
      assert.match(await verdict.innerText(), name.includes('scratch') ? /^A \d+%$/ : /^N \d+%$/, name);
    }
    // A scratch's predicted mask lies over its thumbnail; a plain plate has none.
    await cell('new-scratch-1').locator('img.overlay').waitFor();
    assert.equal(await cell('new-plate-1').locator('img.overlay').count(), 0);
    assert.match(
      (await cell('new-scratch-1').getAttribute('aria-label')) ?? '',
      /detected anomaly \(scratch\)/,
    );

    // Least sure first.
    await frame().locator('vscode-single-select.filter-sort').click();
    await frame()
      .locator('vscode-single-select.filter-sort')
      .getByRole('option', { name: 'Confidence, least sure first' })
      .click();
    // Cells are reused as the grid scrolls: their place is their index, not their order in the DOM.
    const shown = await frame()
      .locator('.cell')
      .evaluateAll((cells) =>
        cells.map((c) => [
          Number(c.getAttribute('data-index')),
          c.querySelector('.prediction')?.textContent ?? '',
        ]),
      );
    const confidences = shown
      .sort((a, b) => Number(a[0]) - Number(b[0]))
      .map(([, text]) => Number(/(\d+)%/.exec(String(text))![1]));
    assert.deepEqual(
      confidences,
      [...confidences].sort((a, b) => a - b),
      'sorted by confidence',
    );
    await themedScreenshots(page, 'gallery-verify');
  });

  it('accepts with V and the Accept button, corrects a mask in the annotator and a class with N', async () => {
    await frame().locator('vscode-single-select.filter-state').click();
    await frame()
      .locator('vscode-single-select.filter-state')
      .getByRole('option', { name: 'To verify' })
      .click();
    await status()
      .filter({ hasText: /^6 of 46 images/ })
      .waitFor();
    await cell('new-scratch-1').click();
    await page.keyboard.press('v');
    await status()
      .filter({ hasText: /^5 of 46 images.*5 to verify$/ })
      .waitFor();
    await cell('new-plate-1').click();
    await frame().locator('vscode-button', { hasText: 'Accept (V)' }).click();
    await status()
      .filter({ hasText: /^4 of 46 images.*4 to verify$/ })
      .waitFor();

    // The annotator opens on the predicted mask; a brush stroke corrects it, Save makes it the label.
    await cell('new-scratch-2').click();
    await page.keyboard.press('Enter');
    const canvas = frame().locator('canvas.canvas');
    await canvas.waitFor();
    await frame()
      .locator('.annotator .banner.note')
      .filter({ hasText: 'The mask the model detected' })
      .waitFor();
    await frame().locator('.label.active', { hasText: 'scratch' }).waitFor();
    await page.waitForTimeout(500);
    await themedScreenshots(page, 'gallery-verify-annotator');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 - 20, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 20, box.y + 20, { steps: 10 });
    await page.mouse.up();
    await frame().locator('vscode-button', { hasText: 'Save' }).click();
    await frame()
      .locator('.annotator footer.status')
      .filter({ hasText: /· Saved$/ })
      .waitFor({ timeout: 30_000 });
    await frame().locator('vscode-button', { hasText: 'Back' }).click();
    await status()
      .filter({ hasText: /^3 of 46 images.*3 to verify$/ })
      .waitFor();

    await cell('new-scratch-3').click();
    await page.keyboard.press('n');
    await status()
      .filter({ hasText: /^2 of 46 images.*2 to verify$/ })
      .waitFor();

    assert.deepEqual(await labels(lv), {
      'new-scratch-1': 'anomaly+mask',
      'new-scratch-2': 'anomaly+mask',
      'new-scratch-3': 'normal',
      'new-plate-1': 'normal',
      'new-plate-2': '-',
      'new-plate-3': '-',
    });
    // The accepted mask is the model's: scratch pixels in the label's exact colour on white.
    const png = await getObject(s3, BUCKET, 'masks/camera/new-scratch-1.png');
    assert.ok(png, 'the accepted mask is in the bucket');
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const colours = new Set<string>();
    for (let p = 0; p < data.length; p += info.channels)
      colours.add(`${data[p]},${data[p + 1]},${data[p + 2]}`);
    assert.deepEqual([...colours].sort(), ['255,0,0', '255,255,255']);
    await screenshot(page, 'gallery-verify-after');
  });

  it('comes back after a window reload, on the same dataset and filter', async () => {
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // Verdicts live in the extension host: after the reload none awaits verification, so the filter shows none.
    await status()
      .filter({ hasText: /^0 of 46 images$/ })
      .waitFor({ timeout: 60_000 });
    await frame().locator('vscode-single-select.filter-state').filter({ hasText: 'To verify' }).waitFor();
    await frame().locator('.grid .empty').filter({ hasText: 'No detection awaits verification' }).waitFor();
    assert.match(await frame().locator('.summary').innerText(), /Unlabeled\s*2/);
    await screenshot(page, 'gallery-verify-restored');
  });
});
