// A file-backed workspace manifest in the real extension host: a local image path that names no file is an
// error where it is written, and the error goes once the image appears (and comes back when it goes); a
// missing class-name is added from the label's value by a quick fix.
import * as assert from 'node:assert/strict';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { waitFor, workspaceUri } from './tree';

const LANGUAGE = 'lookout-manifest';

const codes = (uri: vscode.Uri) =>
  vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === LANGUAGE)
    .map((d) => `${d.range.start.line}:${String(d.code)}`)
    .filter((d) => !d.endsWith('training-minimum'));

function line(sourceRef: string, metadata: Record<string, string> = { 'class-name': 'normal' }): string {
  return JSON.stringify({
    'source-ref': sourceRef,
    'anomaly-label': 0,
    'anomaly-label-metadata': {
      ...metadata,
      'human-annotated': 'yes',
      type: 'groundtruth/image-classification',
    },
  });
}

describe('local paths in a workspace manifest', () => {
  const manifest = workspaceUri('local-paths.manifest');
  const appearing = workspaceUri('plates', 'normal', 'appearing.png');

  after(() => {
    rmSync(manifest.fsPath, { force: true });
    rmSync(appearing.fsPath, { force: true });
  });

  it('flags a path that names no file, and follows the file appearing and going', async () => {
    writeFileSync(
      manifest.fsPath,
      [line('plates/normal/plate-01.png'), line('plates/normal/appearing.png')].join('\n') + '\n',
    );
    const document = await vscode.workspace.openTextDocument(manifest);
    await vscode.window.showTextDocument(document);
    const missing = await waitFor('the missing image', () =>
      vscode.languages.getDiagnostics(manifest).find((d) => d.code === 'local-file-missing'),
    );
    assert.equal(missing.range.start.line, 1);
    assert.equal(document.getText(missing.range), '"plates/normal/appearing.png"');
    assert.match(missing.message, /"plates\/normal\/appearing\.png" does not exist/);
    assert.equal(missing.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(codes(manifest), ['1:local-file-missing']);

    copyFileSync(workspaceUri('plates', 'normal', 'plate-01.png').fsPath, appearing.fsPath);
    await waitFor('the error to clear', () => (codes(manifest).length === 0 ? true : undefined));
    rmSync(appearing.fsPath);
    await waitFor('the error to return', () =>
      codes(manifest).join() === '1:local-file-missing' ? true : undefined,
    );
  });

  it('adds a missing class-name from the label value with a quick fix', async () => {
    const document = await vscode.workspace.openTextDocument(manifest);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) =>
      edit.replace(document.lineAt(0).range, line('plates/normal/plate-01.png', {})),
    );
    const diagnostic = await waitFor('class-name-missing', () =>
      vscode.languages.getDiagnostics(manifest).find((d) => d.code === 'class-name-missing'),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      manifest,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Add "class-name": "normal" (anomaly-label is 0)');
    assert.ok(fix?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitFor('class-name-missing to clear', () =>
      codes(manifest).includes('0:class-name-missing') ? undefined : true,
    );
    assert.match(document.lineAt(0).text, /"class-name":"normal"/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
