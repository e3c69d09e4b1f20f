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
import { extensionApi, find, itemOf, labelsUnder, workspaceUri } from './tree';

const run = <T>(command: string, ...args: unknown[]) =>
  vscode.commands.executeCommand<T>(`lookoutVision.${command}`, ...args);
const project = { projectName: 'plates' };
const model = { projectName: 'plates', modelVersion: '1' };

/**
 * Restores a panel as a window reload would, and resolves with what is sent to its page once the page
 * has loaded and asked for its content.
 */
async function restorePanel(viewType: string, state: unknown): Promise<Record<string, unknown>> {
  const api = await extensionApi();
  const panel = vscode.window.createWebviewPanel(viewType, 'restored', vscode.ViewColumn.Active);
  try {
    let ready = false;
    panel.webview.onDidReceiveMessage((m: { type?: string }) => (ready ||= m.type === 'ready'));
    const posted = new Promise<Record<string, unknown>>((resolve, reject) => {
      const post = panel.webview.postMessage.bind(panel.webview);
      panel.webview.postMessage = (message: Record<string, unknown>) => {
        if (ready) resolve(message);
        return post(message);
      };
      setTimeout(() => reject(new Error(`${viewType}: the page got nothing within 60 s`)), 60_000).unref();
    });
    await api.serializers[viewType].deserializeWebviewPanel(panel, state);
    return await posted;
  } finally {
    panel.dispose();
  }
}

describe('workflow on the local engine', function () {
  this.timeout(600_000);

  it('creates a project and shows it', async () => {
    const api = await extensionApi();
    assert.equal(await run<string>('project.create', 'plates'), 'plates');
    assert.deepEqual(await labelsUnder(api), ['plates']);
    assert.deepEqual(await labelsUnder(api, 'plates'), ['Datasets', 'Models', 'Model packaging jobs']);
    assert.deepEqual(await labelsUnder(api, 'plates', 'Datasets'), []);
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
    assert.match(node.description, /CREATE_COMPLETE · 40 images \(20 normal, 20 anomaly/);
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
    assert.deepEqual(await labelsUnder(api, 'from-manifest', 'Datasets'), []);
  });

  it('creates an empty dataset and adds entries to it', async () => {
    const api = await extensionApi();
    const ref = { projectName: 'from-manifest' };
    assert.equal(await run('dataset.createEmpty', ref, { datasetType: 'train' }), 'train');
    assert.match(itemOf(await find(api, 'from-manifest', 'Datasets', 'train')).description, /0 images/);
    const updated = await run<DatasetDescription>(
      'dataset.addEntries',
      { ...ref, datasetType: 'train' },
      workspaceUri('plates.manifest'),
    );
    assert.equal(updated?.ImageStats?.Total, 40);
    assert.match(itemOf(await find(api, 'from-manifest', 'Datasets', 'train')).description, /40 images/);
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
    assert.match(node.description, /^TRAINED · F1 \d\.\d{3}$/);
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
    assert.equal(node.contextValue, 'packagingJob');
    assert.match(node.description, /^SUCCEEDED · model 1/);
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
    assert.equal(itemOf(await find(api, 'plates', 'Models', 'Model 1')).contextValue, 'model.hosted');
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
    assert.deepEqual(await labelsUnder(api, 'plates', 'Models'), []);
  });
});
