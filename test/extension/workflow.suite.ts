// Every command through vscode.commands.executeCommand against the real local engine, checking the
// tree after each change. Programmatic callers pass what a picker would ask for, and
// `{ confirmed: true }` where a modal confirmation would ask.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type {
  DatasetDescription,
  DetectAnomalyResult,
  ModelDescription,
  ModelPackagingDescription,
  Tag,
} from '@aws-sdk/client-lookoutvision';
import type { FolderDetection } from '../../src/commands/detect/folder';
import type { MetricsData } from '../../src/panels/metricsPanel';
import { extensionApi, find, itemOf, labelsUnder, waitFor, workspaceUri } from './tree';

const run = <T>(command: string, ...args: unknown[]) =>
  vscode.commands.executeCommand<T>(`lookoutVision.${command}`, ...args);
const project = { projectName: 'plates' };
const model = { projectName: 'plates', modelVersion: '1' };

type PanelMessage = Record<string, unknown>;

/** A panel restored as a window reload would, recording what is sent to its page once the page asked. */
interface RestoredPanel {
  panel: vscode.WebviewPanel;
  /** The first message since the last call that satisfies `accept`. */
  next(accept: (message: PanelMessage) => boolean, what: string): Promise<PanelMessage>;
}

async function openRestoredPanel(viewType: string, state: unknown): Promise<RestoredPanel> {
  const api = await extensionApi();
  const panel = vscode.window.createWebviewPanel(viewType, 'restored', vscode.ViewColumn.Active);
  let ready = false;
  const messages: PanelMessage[] = [];
  panel.webview.onDidReceiveMessage((m: { type?: string }) => (ready ||= m.type === 'ready'));
  const post = panel.webview.postMessage.bind(panel.webview);
  panel.webview.postMessage = (message: PanelMessage) => {
    if (ready) messages.push(message);
    return post(message);
  };
  await api.serializers[viewType].deserializeWebviewPanel(panel, state);
  let seen = 0;
  return {
    panel,
    next: async (accept, what) => {
      const found = await waitFor(
        `${viewType}: ${what}`,
        () => {
          const index = messages.findIndex((m, i) => i >= seen && accept(m));
          if (index < 0) return undefined;
          seen = index + 1;
          return messages[index];
        },
        60_000,
      );
      return found;
    },
  };
}

/** Restores a panel and resolves with what is sent to its page once it has loaded and asked. */
async function restorePanel(viewType: string, state: unknown): Promise<PanelMessage> {
  const { panel, next } = await openRestoredPanel(viewType, state);
  try {
    return await next(() => true, 'the page got nothing');
  } finally {
    panel.dispose();
  }
}

const metricsStatus = (m: PanelMessage) => (m.data as MetricsData | undefined)?.status;

describe('workflow on the local engine', function () {
  this.timeout(600_000);
  /** A metrics panel left open from training to deletion: it must follow the model. */
  let metricsPanel: RestoredPanel | undefined;

  after(() => metricsPanel?.panel.dispose());
  const openMetrics = (): RestoredPanel => {
    assert.ok(metricsPanel, 'the metrics panel was opened after training');
    return metricsPanel;
  };

  it('creates a project and shows it', async () => {
    const api = await extensionApi();
    assert.equal(await run<string>('project.create', 'plates'), 'plates');
    assert.deepEqual(await labelsUnder(api), ['plates']);
    assert.deepEqual(await labelsUnder(api, 'plates'), ['Datasets', 'Models', 'Model packaging jobs']);
    assert.deepEqual(await labelsUnder(api, 'plates', 'Datasets'), [
      'No datasets yet — Create Dataset from Folder',
    ]);
    assert.equal(itemOf(await find(api, 'plates')).accessibility, 'project plates');
  });

  it('rejects an invalid project name without creating anything', async () => {
    const api = await extensionApi();
    assert.equal(await run('project.create', 'bad name!'), undefined);
    assert.deepEqual(await labelsUnder(api), ['plates']);
  });

  it('creates the train dataset from the sample folder, uploading images and masks', async () => {
    const api = await extensionApi();
    const dataset = await run<DatasetDescription>(
      'dataset.createFromFolder',
      project,
      workspaceUri('plates'),
      {
        datasetType: 'train',
      },
    );
    assert.equal(dataset?.Status, 'CREATE_COMPLETE');
    assert.equal(dataset?.ImageStats?.Total, 40);
    const node = itemOf(await find(api, 'plates', 'Datasets', 'train'));
    assert.equal(node.description, '40 images · 20 anomalous');
    assert.equal(node.accessibility, 'train dataset, ready, 40 images, 20 anomalous');
    assert.match(node.tooltip, /Status: `CREATE_COMPLETE`/);
    assert.match(node.tooltip, /Normal: 20/);
    assert.equal(node.contextValue, 'dataset');
  });

  it('creates a dataset from the sample manifest, exports it and deletes it', async () => {
    const api = await extensionApi();
    await run('project.create', 'from-manifest');
    const dataset = await run<DatasetDescription>(
      'dataset.createFromManifest',
      { projectName: 'from-manifest' },
      workspaceUri('plates.manifest'),
      { datasetType: 'train' },
    );
    assert.equal(dataset?.ImageStats?.Anomaly, 20);
    const target = workspaceUri('exported.manifest');
    await run('dataset.export', { projectName: 'from-manifest', datasetType: 'train' }, target);
    const lines = readFileSync(target.fsPath, 'utf8').trim().split('\n');
    assert.equal(lines.length, 40);
    assert.ok(
      lines.every((l) => (JSON.parse(l) as Record<string, string>)['source-ref'].startsWith('s3://')),
    );
    assert.equal(
      await run(
        'dataset.delete',
        { projectName: 'from-manifest', datasetType: 'train' },
        { confirmed: true },
      ),
      true,
    );
    assert.deepEqual(await labelsUnder(api, 'from-manifest', 'Datasets'), [
      'No datasets yet — Create Dataset from Folder',
    ]);
  });

  it('creates an empty dataset and adds entries to it', async () => {
    const api = await extensionApi();
    const ref = { projectName: 'from-manifest' };
    assert.equal(await run('dataset.createEmpty', ref, { datasetType: 'train' }), 'train');
    assert.equal(itemOf(await find(api, 'from-manifest', 'Datasets', 'train')).description, 'no images');
    const updated = await run<DatasetDescription>(
      'dataset.addEntries',
      { ...ref, datasetType: 'train' },
      workspaceUri('plates.manifest'),
    );
    assert.equal(updated?.ImageStats?.Total, 40);
    assert.match(itemOf(await find(api, 'from-manifest', 'Datasets', 'train')).description, /^40 images/);
  });

  it('deletes a project with its datasets after confirmation', async () => {
    const api = await extensionApi();
    assert.equal(await run('project.delete', { projectName: 'from-manifest' }, { confirmed: true }), true);
    assert.deepEqual(await labelsUnder(api), ['plates']);
  });

  it('trains a model; the tree shows its state and F1 score', async () => {
    const api = await extensionApi();
    const trained = await run<ModelDescription>('model.train', project, { description: 'sample' });
    assert.equal(trained?.Status, 'TRAINED', 'training ends TRAINED');
    assert.equal(typeof trained?.Performance?.F1Score, 'number');
    const node = itemOf(await find(api, 'plates', 'Models', 'Model 1'));
    assert.equal(node.contextValue, 'model.trained');
    assert.match(node.description, /^trained · F1 \d\.\d{3}$/);
    assert.match(node.accessibility, /^Model 1, trained, F1 \d\.\d{3}$/);
    assert.match(node.tooltip, /Status: `TRAINED`/);
  });

  it('shows the evaluation metrics', async () => {
    const metrics = await run<MetricsData>('model.showMetrics', model);
    assert.equal(typeof metrics?.performance?.F1Score, 'number');
    assert.ok((metrics?.images.length ?? 0) > 0, 'the evaluation manifest lists test images');
  });

  it('restores the metrics panel by loading them again, and says when the model is gone', async () => {
    const restored = await restorePanel('lookoutVision.metrics', model);
    assert.equal(restored.type, 'metrics');
    assert.deepEqual(restored.state, model);
    assert.equal(typeof (restored.data as MetricsData).performance?.F1Score, 'number');
    const gone = await restorePanel('lookoutVision.metrics', { ...model, modelVersion: '99' });
    assert.equal(gone.type, 'error');
    assert.match(String(gone.message), /ResourceNotFound|not found|does not exist/i);
    assert.equal((await restorePanel('lookoutVision.metrics', undefined)).type, 'error');
    metricsPanel = await openRestoredPanel('lookoutVision.metrics', model);
    await metricsPanel.next((m) => metricsStatus(m) === 'TRAINED', 'metrics of the trained model');
  });

  it('packages the trained model for a platform; the job shows SUCCEEDED in the tree', async () => {
    const api = await extensionApi();
    const job = await run<ModelPackagingDescription>('packaging.start', model, {
      componentName: 'plates-edge',
      componentVersion: '1.0.0',
      targetPlatform: { Os: 'LINUX', Arch: 'X86_64', Accelerator: 'NVIDIA' },
      compilerOptions: JSON.stringify({ 'gpu-code': 'sm_75', 'trt-ver': '7.1.3', 'cuda-ver': '10.2' }),
      outputLocation: { Bucket: 'lookoutvision-plates', Prefix: 'packages/' },
    });
    assert.equal(job?.Status, 'SUCCEEDED', job?.StatusMessage);
    assert.equal(job.ModelPackagingOutputDetails?.Greengrass?.ComponentVersion, '1.0.0');
    const node = itemOf(await find(api, 'plates', 'Model packaging jobs', job.JobName ?? ''));
    assert.equal(node.contextValue, 'packagingJob.succeeded');
    assert.equal(node.description, 'succeeded · model 1');
    assert.match(node.accessibility, /^packaging job .*, succeeded, model 1$/);
    // What the message's "Show in View" does: selects the job in the view (needs getParent).
    assert.equal(await api.explorer.revealPackagingJob('plates', job.JobName ?? ''), true);
  });

  it('adds, lists and removes tags', async () => {
    const tag = await run<Tag>('tags.add', model, { Key: 'stage', Value: 'demo' });
    assert.deepEqual(tag, { Key: 'stage', Value: 'demo' });
    assert.deepEqual(await run<Tag[]>('tags.list', model, { quiet: true }), [
      { Key: 'stage', Value: 'demo' },
    ]);
    assert.deepEqual(await run<string[]>('tags.remove', model, ['stage'], { confirmed: true }), ['stage']);
    assert.deepEqual(await run<Tag[]>('tags.list', model, { quiet: true }), []);
  });

  it('starts the model; the tree offers stop instead of start', async () => {
    const api = await extensionApi();
    const hosted = await run<ModelDescription>('model.start', model, { inferenceUnits: 1 });
    assert.equal(hosted?.Status, 'HOSTED');
    const node = itemOf(await find(api, 'plates', 'Models', 'Model 1'));
    assert.equal(node.contextValue, 'model.hosted');
    assert.match(node.accessibility, /^Model 1, hosted/);
    await openMetrics().next((m) => metricsStatus(m) === 'HOSTED', 'the open metrics panel to show HOSTED');
  });

  it('detects a scratch on an unseen plate and returns its mask', async () => {
    const result = await run<DetectAnomalyResult>(
      'detect.image',
      workspaceUri('check', 'new-scratch-1.png'),
      { model },
    );
    assert.equal(result?.IsAnomalous, true);
    assert.ok(result?.AnomalyMask && result.AnomalyMask.length > 0, 'a segmentation model returns a mask');
    assert.ok(result?.Anomalies?.some((a) => a.Name === 'scratch'));
  });

  it('restores the detection panel by detecting again on the running model', async () => {
    const source = { ...model, imagePath: workspaceUri('check', 'new-scratch-1.png').fsPath };
    const restored = await restorePanel('lookoutVision.detection', source);
    assert.equal(restored.type, 'detection', String(restored.message));
    assert.equal(restored.isAnomalous, true);
    assert.deepEqual(restored.state, source);
    const stale = await restorePanel('lookoutVision.detection', { ...source, modelVersion: '99' });
    assert.equal(stale.type, 'error');
    assert.match(String(stale.message), /new-scratch-1\.png again/);
  });

  it('detects on every image of a folder', async () => {
    const results = await run<FolderDetection[]>('detect.folder', workspaceUri('check'), { model });
    assert.equal(results?.length, 6);
    assert.deepEqual(
      results?.filter((r) => r.error),
      [],
    );
    const verdicts = Object.fromEntries(results!.map((r) => [r.file.split('/').pop(), r.isAnomalous]));
    assert.equal(verdicts['new-scratch-1.png'], true);
    assert.equal(verdicts['new-plate-1.png'], false);
  });

  it('stops and deletes the model', async () => {
    const api = await extensionApi();
    const stopped = await run<ModelDescription>('model.stop', model);
    assert.equal(stopped?.Status, 'TRAINED');
    assert.equal(await run('model.delete', model, { confirmed: true }), true);
    assert.deepEqual(await labelsUnder(api, 'plates', 'Models'), ['No models yet — Train Model']);
    const gone = await openMetrics().next((m) => m.type === 'error', 'the open metrics panel to say deleted');
    assert.equal(gone.message, 'Model 1 of plates was deleted.');
    assert.equal(openMetrics().panel.title, 'Metrics: plates model 1 (deleted)');
  });
});
