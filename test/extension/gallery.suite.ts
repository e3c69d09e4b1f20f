// The dataset gallery in the real extension host on the local engine: "Open Dataset" on the sample plates with
// three unlabeled images added; three are classified, one change undone, a mask painted over a known rectangle is
// saved. The service (ListDatasetEntries) and the mask PNG fetched through S3 hold exactly those labels, colours
// and pixels, the tree shows the new counts, and a segmentation model still trains on the dataset. That model,
// hosted, then verifies three new images: two verdicts are accepted (the predicted mask becomes the label's mask)
// and one corrected; one undo takes the acceptance back. A panel restored after a window reload shows the dataset its
// record kept, and none a page's state names.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  ListDatasetEntriesCommand,
  UpdateDatasetEntriesCommand,
  type DatasetDescription,
  type ModelDescription,
} from '@aws-sdk/client-lookoutvision';
import sharp from 'sharp';
import { getObject, putObject } from '../../src/client/objectStore';
import type { DatasetRef, ModelRef } from '../../src/explorer/refs';
import { parseS3Uri } from '../../src/manifest/core';
import { GALLERY_VIEW_TYPE, type GalleryPanel } from '../../src/panels/gallery/galleryPanel';
import { assertNotRestored, badIds, keptId } from './restoredPanels';
import { extensionApi, find, itemOf, waitFor, workspaceUri } from './tree';

const run = <T>(command: string, ...args: unknown[]) =>
  vscode.commands.executeCommand<T>(`lookoutVision.${command}`, ...args);
const project = { projectName: 'labeling-plates' };
const dataset = { ...project, datasetType: 'train' };
const apiDataset = { ProjectName: project.projectName, DatasetType: 'train' };
/** The sample plates' size. */
const SIZE = 128;

describe('Open Dataset: classify, undo, paint a mask', function () {
  this.timeout(600_000);
  let gallery: GalleryPanel;
  /** The id of the gallery restored after a window reload. */
  let restoredId = '';
  let bucket = '';
  const added: string[] = [];

  async function serviceLines(): Promise<Map<string, Record<string, unknown>>> {
    const { lookout } = await (await extensionApi()).connections.clients();
    const lines: Record<string, unknown>[] = [];
    let token: string | undefined;
    do {
      const page = await lookout.send(new ListDatasetEntriesCommand({ ...apiDataset, NextToken: token }));
      lines.push(...(page.DatasetEntries ?? []).map((l) => JSON.parse(l) as Record<string, unknown>));
      token = page.NextToken;
    } while (token);
    return new Map(lines.map((l) => [l['source-ref'] as string, l]));
  }

  before(async () => {
    await run('project.create', project.projectName);
    const created = await run<DatasetDescription>(
      'dataset.createFromFolder',
      project,
      workspaceUri('plates'),
      {
        datasetType: 'train',
      },
    );
    assert.equal(created?.ImageStats?.Total, 40);
    const { lookout, s3 } = await (await extensionApi()).connections.clients();
    const first = (await serviceLines()).keys().next().value as string;
    const at = parseS3Uri(first);
    assert.ok(typeof at !== 'string');
    bucket = at.bucket;
    // Three more plates, unlabeled, as an inspection camera would have added them.
    const plates = (await vscode.workspace.fs.readDirectory(workspaceUri('plates', 'normal'))).map(
      ([name]) => name,
    );
    for (const [i, name] of plates.slice(0, 3).entries()) {
      const bytes = await vscode.workspace.fs.readFile(workspaceUri('plates', 'normal', name));
      const key = `camera/unlabeled-${i}.png`;
      await putObject(s3, bucket, key, bytes, 'image/png');
      added.push(`s3://${bucket}/${key}`);
    }
    await lookout.send(
      new UpdateDatasetEntriesCommand({
        ...apiDataset,
        Changes: new TextEncoder().encode(
          added.map((ref) => JSON.stringify({ 'source-ref': ref })).join('\n'),
        ),
      }),
    );
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await run('project.delete', project, { confirmed: true });
  });

  it('opens every entry with the linter summary', async () => {
    gallery = (await run<GalleryPanel>('dataset.open', dataset))!;
    assert.ok(gallery, 'Open Dataset returns its panel');
    await gallery.loaded;
    const summary = gallery.labeling.summary();
    assert.deepEqual([summary.entries, summary.normal, summary.anomaly, summary.unlabeled], [43, 20, 20, 3]);
    assert.deepEqual(summary.labels, [{ name: 'scratch', images: 20, singleLabelImages: 20 }]);
    assert.deepEqual(summary.missing, []);
    // Opening it again shows the same panel.
    assert.equal(await run('dataset.open', dataset), gallery);
  });

  it('classifies three entries and undoes the last change', async () => {
    await gallery.classify([added[0]!, added[1]!], 'normal');
    await gallery.classify([added[2]!], 'normal');
    assert.equal(gallery.labeling.summary().normal, 23);
    const undone = await gallery.undo();
    assert.deepEqual(
      undone.map((e) => [e.ref, e.cls]),
      [[added[2], 'unlabeled']],
    );
    const lines = await serviceLines();
    const cls = (ref: string) =>
      (lines.get(ref)?.['anomaly-label-metadata'] as { 'class-name'?: string } | undefined)?.['class-name'];
    assert.deepEqual(added.map(cls), ['normal', 'normal', undefined]);
    // The tree reads the dataset again.
    const api = await extensionApi();
    await waitFor('the tree to show 22 normal images', async () => {
      const node = itemOf(await find(api, project.projectName, 'Datasets', 'train'));
      return /Normal: 22/.test(node.tooltip) ? node : undefined;
    });
  });

  it('saves a mask painted over a known rectangle: exact label, colour and pixels', async () => {
    const ref = added[2]!;
    const image = await gallery.labeling.image(ref);
    assert.deepEqual([image.width, image.height, image.mask], [SIZE, SIZE, undefined]);
    const scratch = image.labels.findIndex((l) => l.name === 'scratch') + 1;
    assert.ok(scratch > 0, 'the dataset`s label is offered');
    const color = image.labels[scratch - 1]!.color;
    const indices = new Uint8Array(SIZE * SIZE);
    const inRect = (x: number, y: number) => x >= 20 && x < 60 && y >= 30 && y < 50;
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) if (inRect(x, y)) indices[y * SIZE + x] = scratch;
    await gallery.saveMask(ref, SIZE, SIZE, indices, image.labels);

    const line = (await serviceLines()).get(ref)!;
    assert.equal((line['anomaly-label-metadata'] as { 'class-name': string })['class-name'], 'anomaly');
    const colorMap = (line['anomaly-mask-ref-metadata'] as { 'internal-color-map': Record<string, unknown> })[
      'internal-color-map'
    ];
    assert.deepEqual(colorMap, {
      '0': { 'class-name': 'BACKGROUND', 'hex-color': '#ffffff', confidence: 0 },
      '1': { 'class-name': 'scratch', 'hex-color': color, confidence: 0 },
    });
    const at = parseS3Uri(line['anomaly-mask-ref'] as string);
    assert.ok(typeof at !== 'string');
    const { s3 } = await (await extensionApi()).connections.clients();
    const png = await getObject(s3, at.bucket, at.key);
    assert.ok(png, 'the mask PNG is in the bucket');
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height], [SIZE, SIZE]);
    const rgb = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
    let painted = 0;
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const o = (y * SIZE + x) * info.channels;
        const pixel = [data[o], data[o + 1], data[o + 2]];
        assert.deepEqual(pixel, inRect(x, y) ? rgb : [255, 255, 255], `pixel ${x},${y}`);
        if (inRect(x, y)) painted++;
      }
    }
    assert.equal(painted, 40 * 20);
    const summary = gallery.labeling.summary();
    assert.deepEqual([summary.anomaly, summary.unlabeled], [21, 0]);
    assert.deepEqual(summary.labels, [{ name: 'scratch', images: 21, singleLabelImages: 21 }]);
  });

  let model: ModelRef;
  it('a segmentation model still trains on the dataset', async () => {
    const trained = await run<ModelDescription>('model.train', project, {
      description: 'after-labeling',
    });
    assert.equal(trained?.Status, 'TRAINED', trained?.StatusMessage);
    model = { ...project, modelVersion: trained.ModelVersion! };
  });

  it('verifies the hosted model`s detections: two accepted, one corrected, one undo', async () => {
    const hosted = await run<ModelDescription>('model.start', model, { inferenceUnits: 1 });
    assert.equal(hosted?.Status, 'HOSTED', hosted?.StatusMessage);
    // Three plates the model has never seen arrive unlabeled.
    const { lookout, s3 } = await (await extensionApi()).connections.clients();
    const fresh = ['new-scratch-1.png', 'new-scratch-2.png', 'new-plate-1.png'];
    const refs: string[] = [];
    for (const name of fresh) {
      const key = `camera/${name}`;
      await putObject(
        s3,
        bucket,
        key,
        await vscode.workspace.fs.readFile(workspaceUri('check', name)),
        'image/png',
      );
      refs.push(`s3://${bucket}/${key}`);
    }
    await lookout.send(
      new UpdateDatasetEntriesCommand({
        ...apiDataset,
        Changes: new TextEncoder().encode(
          refs.map((ref) => JSON.stringify({ 'source-ref': ref })).join('\n'),
        ),
      }),
    );
    await gallery.refresh();
    assert.equal(gallery.labeling.summary().unlabeled, 3);

    const verified = await gallery.verify(refs, model);
    assert.ok(verified && !verified.cancelled, 'the run ends');
    assert.equal(verified.failed, 0);
    const [scratch1, scratch2, plate] = refs.map((ref) => gallery.verification.get(ref)!);
    assert.deepEqual(
      [scratch1, scratch2, plate].map((p) => p?.cls),
      ['anomaly', 'anomaly', 'normal'],
    );
    assert.ok(scratch1!.mask, 'a segmentation model paints a mask');
    assert.deepEqual(
      scratch1!.labels.map((l) => l.name),
      ['scratch'],
    );
    for (const p of [scratch1!, scratch2!, plate!]) assert.ok(p.confidence > 0 && p.confidence <= 1);

    // Accept the first scratch and the plate; undo; accept them again; correct the second scratch to normal.
    await gallery.accept([scratch1!.ref, plate!.ref]);
    assert.equal(gallery.verification.get(scratch1!.ref), undefined, 'an accepted verdict is settled');
    await gallery.undo();
    assert.equal((await serviceLines()).get(scratch1!.ref)?.['anomaly-label-metadata'], undefined);
    assert.ok(gallery.verification.get(scratch1!.ref), 'undo brings the verdict back');
    await gallery.accept([scratch1!.ref, plate!.ref]);
    await gallery.classify([scratch2!.ref], 'normal');
    assert.equal(gallery.verification.views().length, 0);

    const lines = await serviceLines();
    const cls = (ref: string) =>
      (lines.get(ref)?.['anomaly-label-metadata'] as { 'class-name'?: string } | undefined)?.['class-name'];
    assert.deepEqual(refs.map(cls), ['anomaly', 'normal', 'normal']);
    const accepted = lines.get(scratch1!.ref)!;
    assert.equal(lines.get(scratch2!.ref)!['anomaly-mask-ref'], undefined);
    const colorMap = (
      accepted['anomaly-mask-ref-metadata'] as { 'internal-color-map': Record<string, unknown> }
    )['internal-color-map'];
    assert.deepEqual(colorMap['1'], {
      'class-name': 'scratch',
      'hex-color': scratch1!.labels[0]!.color,
      confidence: 0,
    });
    // The mask in the bucket holds exactly the predicted pixels.
    const at = parseS3Uri(accepted['anomaly-mask-ref'] as string);
    assert.ok(typeof at !== 'string');
    const png = await getObject(s3, at.bucket, at.key);
    assert.ok(png, 'the accepted mask is in the bucket');
    const pixels = (bytes: Uint8Array) =>
      sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const [saved, predicted] = await Promise.all([pixels(png), pixels(scratch1!.mask!)]);
    assert.deepEqual([saved.info.width, saved.info.height], [predicted.info.width, predicted.info.height]);
    assert.ok(saved.data.equals(predicted.data), 'the saved mask equals the predicted one, pixel for pixel');
    assert.ok(
      saved.data.some((v) => v !== 255),
      'the predicted mask paints something',
    );
    await run('model.stop', model);
  });

  it('comes back after a window reload, showing the dataset its record kept', async () => {
    const api = await extensionApi();
    const restore = (panel: vscode.WebviewPanel, state: unknown) =>
      api.serializers[GALLERY_VIEW_TYPE]!.deserializeWebviewPanel(panel, state);
    const newPanel = (title: string) =>
      vscode.window.createWebviewPanel(GALLERY_VIEW_TYPE, title, vscode.ViewColumn.Active);
    const viewTypes = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .map((t) => (t.input instanceof vscode.TabInputWebview ? t.input.viewType : String(t.label)));
    const oneTab = () =>
      waitFor('one tab, for the dataset', () => {
        const tabs = viewTypes();
        return tabs.length === 1 && tabs[0]!.endsWith(GALLERY_VIEW_TYPE) ? tabs : undefined;
      });
    // Restored from the id the open gallery's page keeps, a panel is that dataset's gallery: the one open.
    const [openId] = api.panels.ids(GALLERY_VIEW_TYPE);
    assert.ok(openId, 'the open gallery keeps a record');
    await restore(newPanel('restored'), { id: openId, filter: {} });
    assert.equal(await run('dataset.open', dataset), gallery);
    await waitFor('one gallery tab', () =>
      viewTypes().filter((t) => t.endsWith(GALLERY_VIEW_TYPE)).length === 1 ? true : undefined,
    );
    assert.deepEqual(api.panels.ids(GALLERY_VIEW_TYPE), [openId]);

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await gallery.closed;
    // What a gallery left when the window reloaded: its record, and the record's id in its page's state.
    const before = newPanel('before the reload');
    const kept = api.panels.create<DatasetRef>(before);
    kept.keep(dataset);
    // Another dataset in the page's state is not read.
    const other = { projectName: project.projectName, datasetType: 'test' };
    await restore(newPanel('restored'), { ...kept.pageState, filter: {}, dataset: other });
    before.dispose();
    const restored = (await run<GalleryPanel>('dataset.open', dataset))!;
    assert.notEqual(restored, gallery, 'a new panel took over');
    await restored.loaded;
    assert.equal(restored.labeling.summary().entries, 46);
    // The restored panel shows it: Open Dataset made no other.
    await oneTab();
    restoredId = await keptId(GALLERY_VIEW_TYPE);
  });

  it('restores no dataset from a page state naming one, a malformed id or a closed panel id', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // No gallery is open: a panel that took the dataset from its page would show it.
    await assertNotRestored(GALLERY_VIEW_TYPE, 'Open Dataset', [{ dataset, filter: {} }]);
    const api = await extensionApi();
    await waitFor('the record of the closed panel to be deleted', () =>
      api.panels.ids(GALLERY_VIEW_TYPE).length === 0 ? true : undefined,
    );
    await assertNotRestored(GALLERY_VIEW_TYPE, 'Open Dataset', [
      { id: restoredId, filter: {} },
      ...badIds(restoredId).map((state) => ({ ...(state as object), dataset })),
    ]);
  });
});
