// Tree behaviour in the real extension host: filter, paging with "Load more", error node with
// retry after a bad connection, and the stopped-engine row. (Nodes are checked by their tree items:
// the extension runs from its bundle, so its classes are not the ones this file could import.)
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CreateModelCommand } from '@aws-sdk/client-lookoutvision';
import { children, extensionApi, find, itemOf, label, labelsUnder, workspaceUri } from './tree';

const run = <T>(command: string, ...args: unknown[]) =>
  vscode.commands.executeCommand<T>(`lookoutVision.${command}`, ...args);
const config = () => vscode.workspace.getConfiguration('lookoutVision');

describe('explorer', function () {
  this.timeout(120_000);
  const names = ['page-a', 'page-b', 'page-c'];

  before(async () => {
    for (const name of names) await run('project.create', name);
  });

  after(async () => {
    await config().update('explorer.pageSize', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('explorer.refreshInterval', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('connection', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('endpoint', undefined, vscode.ConfigurationTarget.Workspace);
    for (const name of names) await run('project.delete', { projectName: name }, { confirmed: true });
  });

  it('filters projects by name and clears the filter', async () => {
    const api = await extensionApi();
    await run('filter', 'page-b');
    assert.deepEqual(await labelsUnder(api), ['page-b']);
    await run('filter', '');
    assert.ok((await labelsUnder(api)).includes('page-a'));
  });

  it('builds the project tooltip (a formatted date) on hover, not for the first paint', async () => {
    const api = await extensionApi();
    const node = await find(api, 'page-a');
    const item = node.getTreeItem();
    assert.equal(item.tooltip, undefined);
    assert.match(String(api.explorer.resolveTreeItem(item, node).tooltip), /^Created /);
  });

  it('pages the project list with a "Load more" node', async () => {
    const api = await extensionApi();
    await config().update('explorer.pageSize', 2, vscode.ConfigurationTarget.Workspace);
    api.explorer.refresh();
    const first = await children(api);
    assert.equal(first.length, 3);
    const more = first[2];
    assert.equal(itemOf(more).contextValue, 'loadMore');
    await run('loadMore', more);
    const after = (await children(api)).map(label);
    assert.ok(after.length > 2 && after.slice(0, 2).every((l) => l !== 'Load more…'), after.join(', '));
  });

  it('shows an error node for an unreachable endpoint and recovers on retry after switching back', async () => {
    const api = await extensionApi();
    await config().update('endpoint', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Workspace);
    await config().update('connection', 'endpoint', vscode.ConfigurationTarget.Workspace);
    const broken = await children(api);
    assert.equal(broken.length, 1);
    assert.equal(itemOf(broken[0]).contextValue, 'error', label(broken[0]));
    await config().update('connection', undefined, vscode.ConfigurationTarget.Workspace);
    await run('retry', broken[0]);
    assert.ok(
      (await labelsUnder(api)).includes('page-a'),
      'projects of the local engine are back, no stale error',
    );
  });

  it('stops and starts the engine', async () => {
    const api = await extensionApi();
    assert.equal(await run('engine.stop'), true);
    assert.equal(api.engine.running, undefined);
    assert.match(label((await children(api))[0]), /engine is stopped/);
    assert.match((await run<string>('engine.start')) ?? '', /^http:\/\/127\.0\.0\.1:/);
    assert.ok((await labelsUnder(api)).includes('page-a'));
  });

  it('refreshes a model in progress on its own while the view is visible', async () => {
    const api = await extensionApi();
    await config().update('explorer.pageSize', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('explorer.refreshInterval', 1, vscode.ConfigurationTarget.Workspace);
    await run('dataset.createFromFolder', { projectName: 'page-c' }, workspaceUri('plates'), {
      datasetType: 'train',
    });
    await vscode.commands.executeCommand('lookoutVision.explorer.focus');
    // Training started elsewhere (not by a command, which would refresh the view itself).
    const { lookout } = await api.connections.clients();
    await lookout.send(
      new CreateModelCommand({
        ProjectName: 'page-c',
        OutputConfig: { S3Location: { Bucket: 'lookoutvision-page-c' } },
      }),
    );
    api.explorer.refresh();
    assert.equal(itemOf(await find(api, 'page-c', 'Models', 'Model 1')).contextValue, 'model.training');
    const deadline = Date.now() + 90_000;
    let state = 'model.training';
    while (state === 'model.training' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      state = itemOf(await find(api, 'page-c', 'Models', 'Model 1')).contextValue;
    }
    assert.equal(state, 'model.trained', 'the view picked up the end of training without a manual refresh');
    await run('model.delete', { projectName: 'page-c', modelVersion: '1' }, { confirmed: true });
  });
});
