// Tree behaviour in the real extension host: filter (and how it shows), placeholders of empty groups,
// paging with "Load more" (and its races), expansion kept across refreshes, error node with retry after
// a bad connection, and the stopped-engine row. (Nodes are checked by their tree items: the extension
// runs from its bundle, so its classes are not the ones this file could import.)
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CreateModelCommand } from '@aws-sdk/client-lookoutvision';
import type { LookoutVisionApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/explorer/node';
import { children, extensionApi, find, itemOf, label, labelsUnder, waitFor, workspaceUri } from './tree';

const run = <T>(command: string, ...args: unknown[]) =>
  vscode.commands.executeCommand<T>(`lookoutVision.${command}`, ...args);
const config = () => vscode.workspace.getConfiguration('lookoutVision');

/**
 * Runs `change` and resolves whether the workbench then asked for the children of the node `id` (the
 * root when undefined): it asks only for rows it shows expanded.
 */
async function childrenRequestedAfter(
  api: LookoutVisionApi,
  change: () => unknown,
  id: string | undefined,
): Promise<boolean> {
  const explorer = api.explorer;
  const original = explorer.getChildren.bind(explorer);
  let asked = false;
  explorer.getChildren = (node?: ExplorerNode) => {
    asked ||= node?.id === id;
    return original(node);
  };
  try {
    await change();
    return await waitFor('the children to be requested', () => (asked ? true : undefined), 10_000).catch(
      () => false,
    );
  } finally {
    explorer.getChildren = original;
  }
}

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

  it('filters projects by name, shows that a filter is active, and clears it', async () => {
    const api = await extensionApi();
    await run('filter', 'page-b');
    assert.deepEqual(await labelsUnder(api), ['Clear filter', 'page-b']);
    assert.equal(api.view.description, 'filter: page-b');
    const clear = itemOf((await children(api))[0]);
    assert.equal(clear.command?.command, 'lookoutVision.clearFilter');
    assert.match(clear.description, /"page-b" · 1 of 3 projects/);
    assert.match(clear.accessibility, /^Clear filter, .*activate to Clear Filter$/);
    await vscode.commands.executeCommand(clear.command.command);
    assert.equal(api.view.description, undefined);
    assert.deepEqual(await labelsUnder(api), names);
  });

  it('says so when a filter matches nothing, instead of "no projects on this connection"', async () => {
    const api = await extensionApi();
    await run('filter', 'zzz');
    assert.deepEqual(await labelsUnder(api), ['Clear filter', 'No project name contains "zzz"']);
    assert.match(itemOf((await children(api))[0]).description, /"zzz" · 0 of 3 projects/);
    await run('clearFilter');
    assert.deepEqual(await labelsUnder(api), names);
  });

  it('shows a placeholder with the next step in each empty group', async () => {
    const api = await extensionApi();
    const expected: [string, string, string][] = [
      ['Datasets', 'No datasets yet — Create Dataset from Folder', 'lookoutVision.dataset.createFromFolder'],
      ['Models', 'No models yet — Train Model', 'lookoutVision.model.train'],
      [
        'Model packaging jobs',
        'No packaging jobs yet — Start Model Packaging Job',
        'lookoutVision.packaging.start',
      ],
    ];
    for (const [group, placeholder, command] of expected) {
      const rows = await children(api, await find(api, 'page-a', group));
      assert.deepEqual(rows.map(label), [placeholder]);
      const item = itemOf(rows[0]);
      assert.equal(item.contextValue, 'placeholder');
      assert.equal(item.command?.command, command);
      assert.deepEqual(item.command?.arguments, [{ projectName: 'page-a' }]);
      assert.equal(api.explorer.getParent(rows[0]), await find(api, 'page-a', group));
    }
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

  it('loads a page once on a double-click, and drops a load that a refresh overtook', async () => {
    const api = await extensionApi();
    const ids = async () => (await children(api)).map((n) => n.id);
    const loadMoreRow = async () => {
      const rows = await children(api);
      assert.equal(itemOf(rows[2]).contextValue, 'loadMore', rows.map(label).join(', '));
      return rows[2];
    };
    await config().update('explorer.pageSize', 2, vscode.ConfigurationTarget.Workspace);
    api.explorer.refresh();
    // Double-click: two loads of the same row at once, then a late third click on the stale row.
    const more = await loadMoreRow();
    await Promise.all([api.explorer.loadMore(more), api.explorer.loadMore(more)]);
    await api.explorer.loadMore(more);
    assert.deepEqual((await children(api)).map(label), names);
    assert.equal(new Set(await ids()).size, (await ids()).length, 'no id twice');
    // A refresh (the auto-refresh or the button) while "Load more" awaits the service.
    api.explorer.refresh();
    const stale = await loadMoreRow();
    const loading = api.explorer.loadMore(stale);
    api.explorer.refresh();
    await loading; // resolves: the old generation's page is dropped, nothing throws
    assert.deepEqual((await children(api)).map(label), ['page-a', 'page-b', 'Load more…']);
    await config().update('explorer.pageSize', undefined, vscode.ConfigurationTarget.Workspace);
    api.explorer.refresh();
  });

  it('keeps a project expanded across a refresh and across clearing a filter', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('lookoutVision.explorer.focus');
    const project = await find(api, 'page-a');
    const expanded = new Promise<void>((resolve) => {
      const sub = api.view.onDidExpandElement((e) => {
        if (e.element.id !== project.id) return;
        sub.dispose();
        resolve();
      });
    });
    // The previous test's refresh may still be repainting the view, which then does not hold the node yet.
    await waitFor('the view to reveal page-a', async () => {
      try {
        await api.view.reveal(await find(api, 'page-a'), { expand: true, select: true });
        return true;
      } catch (err) {
        if (/not found/i.test(String(err))) return undefined;
        throw err;
      }
    });
    await expanded;
    assert.ok(
      await childrenRequestedAfter(api, () => api.explorer.refresh(), project.id),
      'after a refresh the project is still expanded',
    );
    assert.deepEqual(
      api.view.selection.map((n) => n.id),
      [project.id],
      'and still selected',
    );
    // The filter takes the project out of the tree; clearing it brings the project back expanded.
    assert.ok(await childrenRequestedAfter(api, () => run('filter', 'page-b'), undefined));
    assert.ok(
      await childrenRequestedAfter(api, () => run('clearFilter'), project.id),
      'after clearing the filter the project is expanded again',
    );
    assert.equal(api.explorer.isExpanded(await find(api, 'page-a')), true);
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
