// What a new user meets first, in the real extension host on a connection without projects: "Create Dataset
// from Folder" checks the folder before asking anything, prefills the project name from the folder, and
// offers to delete the project it created when the command then fails.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { checkFolderLayout } from '../../src/commands/dataset/checkFolderLayout';
import { projectNameFrom } from '../../src/commands/project/create';
import { extensionApi, labelsUnder, waitFor } from './tree';

const run = <T>(command: string, ...args: unknown[]) =>
  vscode.commands.executeCommand<T>(`lookoutVision.${command}`, ...args);

/** A folder named `name` holding the given subfolders, each with one file named as a PNG image that is not one. */
function folderWith(root: string, name: string, subfolders: string[]): vscode.Uri {
  const folder = join(root, name);
  for (const sub of subfolders) {
    mkdirSync(join(folder, sub), { recursive: true });
    writeFileSync(join(folder, sub, 'image-1.png'), 'not read before the project exists');
  }
  mkdirSync(folder, { recursive: true });
  return vscode.Uri.file(folder);
}

/** Accepts each prompt the command opens, as pressing Enter would, until the command ends. */
async function acceptingPrompts<T>(pending: Thenable<T>): Promise<T> {
  let settled = false;
  const result = Promise.resolve(pending).finally(() => (settled = true));
  for (let i = 0; i < 40 && !settled; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  return result;
}

describe('new user', function () {
  this.timeout(120_000);
  let root: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'lfv-new-user-'));
    assert.deepEqual(await labelsUnder(await extensionApi()), [], 'the suite starts without projects');
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('makes a valid project name of a folder name', () => {
    assert.equal(projectNameFrom('New Plates (2)'), 'New-Plates-2');
    assert.equal(projectNameFrom('_été 2024'), 't-2024');
    assert.equal(projectNameFrom('!!!'), 'project');
    assert.equal(projectNameFrom('x'.repeat(300)).length, 255);
  });

  it('checks the folder before creating anything, and says what is missing', async () => {
    const api = await extensionApi();
    const folder = folderWith(root, 'only-normal', ['normal']);
    await assert.rejects(
      checkFolderLayout(folder),
      /only-normal cannot become a dataset: anomaly\/ is missing\. Expected only-normal\/normal\/ and only-normal\/anomaly\//,
    );
    await assert.rejects(
      checkFolderLayout(folderWith(root, 'empty', [])),
      /normal\/ is missing, anomaly\/ is missing/,
    );
    // Run as from the Explorer's context menu: it must end at once, before any prompt.
    const pending = run('dataset.createFromFolder', folder);
    const ended = await Promise.race([
      Promise.resolve(pending).then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
    ]);
    if (!ended) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.ok(ended, 'the command asked something before checking the folder');
    assert.equal(await pending, undefined);
    assert.deepEqual(await labelsUnder(api), [], 'no project was created');
  });

  it('prefills the project name from the folder and offers to delete the project when the command fails', async () => {
    const api = await extensionApi();
    const folder = folderWith(root, 'New Plates (2)', ['normal', 'anomaly']);
    // A wrong argument fails the command before it asks or creates anything.
    assert.equal(
      await run('dataset.createFromFolder', folder, undefined, { datasetType: 'bogus' }),
      undefined,
    );
    assert.deepEqual(await labelsUnder(api), [], 'nothing was created for a wrong argument');
    // Its images are not PNG files: the upload names the first one, right after the project was created (too
    // few images to train is confirmed, so that no dialog waits).
    const result = await acceptingPrompts(
      run('dataset.createFromFolder', folder, undefined, { confirmed: true }),
    );
    assert.equal(result, undefined);
    assert.deepEqual(await labelsUnder(api), ['New-Plates-2'], 'the accepted name was the prefilled one');
    // The failure's notification: its first button is "Delete project New-Plates-2".
    await vscode.commands.executeCommand('notification.acceptPrimaryAction');
    await waitFor('the project to be deleted', async () =>
      (await labelsUnder(api)).length === 0 ? true : undefined,
    );
  });
});
