// Every command through vscode.commands.executeCommand against the real local engine, checking the
// tree after each change. Programmatic callers pass what a picker would ask for, and
// `{ confirmed: true }` where a modal confirmation would ask. The panels they open are restored as a window reload
// does, from the id their page keeps, and from page states that name something else.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { DescribeModelCommand } from '@aws-sdk/client-lookoutvision';
import type {
  DatasetDescription,
  DetectAnomalyResult,
  ModelDescription,
  ModelPackagingDescription,
  Tag,
} from '@aws-sdk/client-lookoutvision';
import type { FolderDetection } from '../../src/commands/detect/folder';
import { DETECTION_VIEW_TYPE } from '../../src/panels/detectionPanel';
import { FOLDER_DETECTION_VIEW_TYPE } from '../../src/panels/folderDetectionPanel';
import { GALLERY_VIEW_TYPE } from '../../src/panels/gallery/galleryPanel';
import { METRICS_VIEW_TYPE, type MetricsData } from '../../src/panels/metricsPanel';
import {
  assertNotRestored,
  badIds,
  keptId,
  openRestoredPanel,
  restorePanel,
  type PanelMessage,
  type RestoredPanel,
} from './restoredPanels';
import { extensionApi, find, itemOf, labelsUnder, waitFor, workspaceUri } from './tree';

const run = <T>(command: string, ...args: unknown[]) =>
  vscode.commands.executeCommand<T>(`lookoutVision.${command}`, ...args);
const project = { projectName: 'plates' };
const model = { projectName: 'plates', modelVersion: '1' };

const metricsStatus = (m: PanelMessage) => (m.data as MetricsData | undefined)?.status;

describe('workflow on the local engine', function () {
  this.timeout(600_000);
  /** A metrics panel left open from training to deletion: it must follow the model. */
  let metricsPanel: RestoredPanel | undefined;
  /** The id of the metrics panel Show Model Metrics opened. */
  let metricsId = '';
  let folderResults: FolderDetection[] = [];

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

  it('trains through a crash of the engine: the wait starts it again and the training resumes', async () => {
    const api = await extensionApi();
    const training = run<ModelDescription>('model.train', project, { description: 'crash-recovery' });
    const { lookout } = await api.connections.clients();
    await waitFor('Model 2 to be training', async () => {
      const described = await lookout
        .send(new DescribeModelCommand({ ProjectName: 'plates', ModelVersion: '2' }))
        .catch(() => undefined);
      return described?.ModelDescription?.Status === 'TRAINING' || undefined;
    });
    const crashed = api.engine.running;
    assert.ok(crashed, 'the engine runs');
    process.kill(crashed.pid, 'SIGKILL');
    const trained = await training;
    assert.equal(trained?.Status, 'TRAINED', 'the training resumed in the engine started again');
    assert.notEqual(api.engine.running?.pid, crashed.pid, 'another engine serves');
    assert.equal(
      await run('model.delete', { projectName: 'plates', modelVersion: '2' }, { confirmed: true }),
      true,
    );
  });

  it('shows the evaluation metrics', async () => {
    const metrics = await run<MetricsData>('model.showMetrics', model);
    assert.equal(typeof metrics?.performance?.F1Score, 'number');
    assert.ok((metrics?.images.length ?? 0) > 0, 'the evaluation manifest lists test images');
  });

  it('restores the metrics panel from the id its page keeps, loading the metrics again', async () => {
    metricsId = await keptId(METRICS_VIEW_TYPE);
    // The model the page's state also names is not read: the record says which.
    metricsPanel = await openRestoredPanel(METRICS_VIEW_TYPE, {
      id: metricsId,
      ...model,
      modelVersion: '99',
    });
    const restored = await metricsPanel.next((m) => m.type !== undefined, 'the metrics');
    assert.equal(restored.type, 'metrics', String(restored.message));
    const data = restored.data as MetricsData;
    assert.deepEqual([data.projectName, data.modelVersion, data.status], ['plates', '1', 'TRAINED']);
    assert.equal(typeof data.performance?.F1Score, 'number');
    // Show Model Metrics' panel is still open with that id: the restored one keeps a copy under its own.
    const { id } = restored.state as { id: string };
    assert.notEqual(id, metricsId);
    assert.deepEqual((await extensionApi()).panels.ids(METRICS_VIEW_TYPE).sort(), [id, metricsId].sort());
  });

  it('restores no metrics from a page state that names a model, a malformed id or an unknown one', async () => {
    await assertNotRestored(METRICS_VIEW_TYPE, 'Show Model Metrics', [model, ...badIds(metricsId)]);
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

  it('restores the detection panel from the id its page keeps: the same image detected again', async () => {
    const id = await keptId(DETECTION_VIEW_TYPE);
    // Another image and model in the page's state are not read.
    const restored = await restorePanel(DETECTION_VIEW_TYPE, {
      id,
      imagePath: workspaceUri('check', 'new-plate-1.png').fsPath,
      projectName: 'plates',
      modelVersion: '99',
    });
    assert.equal(restored.type, 'detection', String(restored.message));
    assert.equal(restored.imageName, 'new-scratch-1.png');
    assert.equal(restored.model, 'plates · model 1');
    assert.equal(restored.isAnomalous, true);
  });

  it('detects nothing from a page state that names an image, a malformed id or an unknown one', async () => {
    // A real image and the running model: a panel that took them from its page would detect on it.
    const source = { ...model, imagePath: workspaceUri('check', 'new-plate-1.png').fsPath };
    const notAnImage = { ...model, imagePath: workspaceUri('plates.manifest').fsPath };
    await assertNotRestored(DETECTION_VIEW_TYPE, 'Detect Anomalies', [source, notAnImage]);
    await assertNotRestored(
      DETECTION_VIEW_TYPE,
      'Detect Anomalies',
      badIds(await keptId(DETECTION_VIEW_TYPE)),
    );
  });

  it('detects on every image of a folder', async () => {
    const results = await run<FolderDetection[]>('detect.folder', workspaceUri('check'), { model });
    folderResults = results ?? [];
    assert.equal(results?.length, 6);
    assert.deepEqual(
      results?.filter((r) => r.error),
      [],
    );
    const verdicts = Object.fromEntries(results!.map((r) => [r.file.split('/').pop(), r.isAnomalous]));
    assert.equal(verdicts['new-scratch-1.png'], true);
    assert.equal(verdicts['new-plate-1.png'], false);
  });

  it('restores the folder panel from the id its page keeps: the same table', async () => {
    const id = await keptId(FOLDER_DETECTION_VIEW_TYPE);
    const folder = workspaceUri('check').fsPath;
    // Rows, a summary and another folder in the page's state are not read.
    const table = await restorePanel(FOLDER_DETECTION_VIEW_TYPE, {
      id,
      folder: '/',
      modelRef: { ...model, modelVersion: '99' },
      rows: [{ file: '/etc/passwd', isAnomalous: true }],
      summary: 'Checked 1 of 1 images: 1 anomalous.',
    });
    assert.equal(table.type, 'folder', String(table.message));
    assert.equal(table.folder, folder);
    assert.equal(table.model, 'plates · model 1');
    const anomalous = folderResults.filter((r) => r.isAnomalous).length;
    assert.equal(table.summary, `Checked 6 of 6 images: ${anomalous} anomalous.`);
    const rows = table.rows as (FolderDetection & { name: string })[];
    assert.deepEqual(
      rows.map((r) => [r.name, r.file, r.isAnomalous, r.confidence]),
      folderResults.map((r) => [relative(folder, r.file), r.file, r.isAnomalous, r.confidence]),
    );
    assert.equal(rows.length, 6);
  });

  it('restores no table from a page state that holds one, a malformed id or an unknown one', async () => {
    const folder = workspaceUri('check').fsPath;
    // Rows inside the folder the run checked, as the page used to keep them.
    const kept = {
      folder,
      modelRef: model,
      rows: [{ file: join(folder, 'new-plate-1.png'), isAnomalous: true, confidence: 1, anomalies: [] }],
      summary: 'Checked 1 of 1 images: 1 anomalous.',
    };
    const command = 'Detect Anomalies in Folder';
    await assertNotRestored(FOLDER_DETECTION_VIEW_TYPE, command, [kept]);
    await assertNotRestored(
      FOLDER_DETECTION_VIEW_TYPE,
      command,
      badIds(await keptId(FOLDER_DETECTION_VIEW_TYPE)),
    );
  });

  it('restores nothing from the id of a panel of another kind, and leaves that panel its record', async () => {
    const api = await extensionApi();
    const folderId = await keptId(FOLDER_DETECTION_VIEW_TYPE);
    const detectionId = await keptId(DETECTION_VIEW_TYPE);
    await assertNotRestored(DETECTION_VIEW_TYPE, 'Detect Anomalies', [{ id: metricsId }, { id: folderId }]);
    await assertNotRestored(FOLDER_DETECTION_VIEW_TYPE, 'Detect Anomalies in Folder', [{ id: detectionId }]);
    await assertNotRestored(METRICS_VIEW_TYPE, 'Show Model Metrics', [{ id: detectionId }, { id: folderId }]);
    await assertNotRestored(GALLERY_VIEW_TYPE, 'Open Dataset', [{ id: metricsId }, { id: detectionId }]);
    assert.ok(api.panels.ids(METRICS_VIEW_TYPE).includes(metricsId));
    assert.deepEqual(api.panels.ids(DETECTION_VIEW_TYPE), [detectionId]);
    assert.deepEqual(api.panels.ids(FOLDER_DETECTION_VIEW_TYPE), [folderId]);
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
    // A panel restored from the record of the deleted model says so.
    const restored = await restorePanel(METRICS_VIEW_TYPE, { id: metricsId });
    assert.equal(restored.type, 'error');
    assert.match(String(restored.message), /ResourceNotFound|not found|does not exist/i);
  });

  it('restores nothing from the id of a panel closed since', async () => {
    const api = await extensionApi();
    const closed = [
      [METRICS_VIEW_TYPE, 'Show Model Metrics', metricsId],
      [DETECTION_VIEW_TYPE, 'Detect Anomalies', await keptId(DETECTION_VIEW_TYPE)],
      [FOLDER_DETECTION_VIEW_TYPE, 'Detect Anomalies in Folder', await keptId(FOLDER_DETECTION_VIEW_TYPE)],
    ] as const;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the records of the closed panels to be deleted', () =>
      closed.every(([viewType]) => api.panels.ids(viewType).length === 0) ? true : undefined,
    );
    for (const [viewType, command, id] of closed) await assertNotRestored(viewType, command, [{ id }]);
  });
});
