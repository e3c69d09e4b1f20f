// Before training, in the real extension host on the local engine: "Create Dataset from Folder" warns, before it
// uploads anything, when the folder falls short of the training minimums (with the numbers) and lets the user
// stop or go on; the dataset row then says what training lacks. While a model trains, the tree row and the
// progress notification show the stage the engine reports.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  DescribeModelCommand,
  type DatasetDescription,
  type ModelDescription,
} from '@aws-sdk/client-lookoutvision';
import { ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { readiness } from '../../src/client/datasetReadiness';
import { folderClassCounts } from '../../src/client/folderDataset';
import { shortfallWarning } from '../../src/commands/dataset/confirmMinimums';
import { waitForStatus } from '../../src/commands/waitForStatus';
import { extensionApi, find, itemOf, labelsUnder, waitFor, workspaceUri } from './tree';

const run = <T>(command: string, ...args: unknown[]) =>
  vscode.commands.executeCommand<T>(`lookoutVision.${command}`, ...args);

/** Closes each notification the command opens, as pressing its close button would, until the command ends. */
async function dismissingNotifications<T>(pending: Thenable<T>): Promise<T> {
  let settled = false;
  const result = Promise.resolve(pending).finally(() => (settled = true));
  for (let i = 0; i < 60 && !settled; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (!settled) await vscode.commands.executeCommand('notifications.clearAll');
  }
  return result;
}

describe('training minimums and progress', function () {
  this.timeout(600_000);
  let root: string;
  let short: vscode.Uri;

  before(() => {
    // The sample folder with 12 of its 20 anomalous images: 8 short of the 20 a single dataset needs per label.
    root = mkdtempSync(join(tmpdir(), 'lfv-minimums-'));
    const plates = workspaceUri('plates').fsPath;
    const folder = join(root, 'short-plates');
    for (const sub of ['normal', 'anomaly', 'masks']) mkdirSync(join(folder, sub), { recursive: true });
    for (const name of readdirSync(join(plates, 'normal')))
      copyFileSync(join(plates, 'normal', name), join(folder, 'normal', name));
    for (const name of readdirSync(join(plates, 'anomaly')).sort().slice(0, 12)) {
      copyFileSync(join(plates, 'anomaly', name), join(folder, 'anomaly', name));
      copyFileSync(join(plates, 'masks', name), join(folder, 'masks', name));
    }
    copyFileSync(join(plates, 'masks', 'labels.json'), join(folder, 'masks', 'labels.json'));
    short = vscode.Uri.file(folder);
  });

  after(async () => {
    for (const projectName of ['short-plates', 'progress-plates'])
      await run('project.delete', { projectName }, { confirmed: true });
    rmSync(root, { recursive: true, force: true });
  });

  it('says what the folder lacks, with the numbers, and stopping uploads nothing', async () => {
    const api = await extensionApi();
    const warning = shortfallWarning(
      'short-plates',
      readiness(await folderClassCounts(short.fsPath), 'single'),
    );
    assert.equal(
      warning,
      `short-plates has too few images to train a model: as the project's only dataset, training needs ` +
        `8 more images with only "scratch" (12 of 20). Create the dataset anyway and add images later?`,
    );
    await run('project.create', 'short-plates');
    // Closing the warning is stopping.
    const stopped = await dismissingNotifications(
      run('dataset.createFromFolder', { projectName: 'short-plates' }, short, { datasetType: 'train' }),
    );
    assert.equal(stopped, undefined);
    api.explorer.refreshProject('short-plates', 'datasets');
    assert.deepEqual(await labelsUnder(api, 'short-plates', 'Datasets'), [
      'No datasets yet — Create Dataset from Folder',
    ]);
    const { s3 } = await api.connections.clients();
    for (const { Name } of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: Name, Prefix: 'datasets/train/short-plates/' }),
      );
      assert.equal(listed.KeyCount ?? 0, 0, `uploaded to ${Name} before the user went on`);
    }
  });

  it('goes on when the user chooses to, and the dataset row says what training lacks', async () => {
    const api = await extensionApi();
    const dataset = await run<DatasetDescription>(
      'dataset.createFromFolder',
      { projectName: 'short-plates' },
      short,
      { datasetType: 'train', confirmed: true },
    );
    assert.equal(dataset?.Status, 'CREATE_COMPLETE');
    const node = itemOf(await find(api, 'short-plates', 'Datasets', 'train'));
    assert.equal(node.description, '32 images · 12 anomalous · too few to train');
    assert.match(
      node.tooltip,
      /Training: too few images: as the project's only dataset, training needs 8 more images with only "scratch" \(12 of 20\)/,
    );
    assert.match(node.accessibility, /too few to train/);
  });

  it('judges the training dataset by its own minimums once the project has a test dataset', async () => {
    const api = await extensionApi();
    await run('dataset.createEmpty', { projectName: 'short-plates' }, { datasetType: 'test' });
    api.explorer.refreshProject('short-plates', 'datasets');
    // An empty dataset just says so; 12 images with only "scratch" are enough for a training dataset.
    assert.equal(itemOf(await find(api, 'short-plates', 'Datasets', 'test')).description, 'no images');
    const train = itemOf(await find(api, 'short-plates', 'Datasets', 'train'));
    assert.equal(train.description, '32 images · 12 anomalous');
    assert.doesNotMatch(train.tooltip, /too few/);
  });

  it('shows the stage of a training in the model row and in the progress notification', async () => {
    const api = await extensionApi();
    await run('project.create', 'progress-plates');
    await run('dataset.createFromFolder', { projectName: 'progress-plates' }, workspaceUri('plates'), {
      datasetType: 'train',
    });
    assert.equal(
      itemOf(await find(api, 'progress-plates', 'Datasets', 'train')).description,
      '40 images · 20 anomalous',
      'the full sample meets the minimums',
    );
    const training = run<ModelDescription>('model.train', { projectName: 'progress-plates' });
    // The rows as the tree shows them while the model trains (refreshed as the Refresh button does).
    const rows: string[] = [];
    await waitFor(
      'the training to end',
      async () => {
        api.explorer.refreshProject('progress-plates', 'models');
        const models = await labelsUnder(api, 'progress-plates', 'Models');
        if (!models.includes('Model 1')) return undefined;
        const row = itemOf(await find(api, 'progress-plates', 'Models', 'Model 1')).description;
        if (rows[rows.length - 1] !== row) rows.push(row);
        return row.startsWith('training') ? undefined : row;
      },
      300_000,
    );
    assert.ok(
      rows.some((row) =>
        /^training… (checking images|extracting features \d+ %|fitting|choosing|evaluating|saving)/.test(row),
      ),
      `no stage in ${JSON.stringify(rows)}`,
    );
    assert.equal((await training)?.Status, 'TRAINED');

    // The notification's messages, as waitForStatus reports them, for a second training.
    const { lookout } = await api.connections.clients();
    const second = run<ModelDescription>('model.train', { projectName: 'progress-plates' });
    const reported: string[] = [];
    await waitForStatus({
      // Until CreateModel has answered, the model is not there yet.
      poll: async () =>
        (
          await lookout
            .send(new DescribeModelCommand({ ProjectName: 'progress-plates', ModelVersion: '2' }))
            .catch(() => undefined)
        )?.ModelDescription ?? {},
      statusOf: (m) => m.Status,
      messageOf: (m) => m.StatusMessage,
      done: (status) => status !== undefined && status !== 'TRAINING',
      progress: {
        report: ({ message }) => {
          if (message) reported.push(message);
        },
      },
      intervalMs: 100,
    });
    assert.equal((await second)?.Status, 'TRAINED');
    assert.ok(
      reported.some((m) =>
        /^TRAINING — (checking images|extracting features \d+ %|fitting|choosing|evaluating|saving)/.test(m),
      ),
      `no stage in ${JSON.stringify([...new Set(reported)])}`,
    );
  });
});
