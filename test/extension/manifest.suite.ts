// Manifest language support in the real extension host: diagnostics with their ranges, quick fixes,
// completion, hover, links, the summary CodeLens, and .jsonl detection by content.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ensureBucket, putObject } from '../../src/client/objectStore';
import { EXTENSION_ID, extensionApi, waitFor } from './tree';

const LANGUAGE = 'lookout-manifest';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === LANGUAGE);
}

function find(uri: vscode.Uri, code: string): vscode.Diagnostic | undefined {
  return ours(uri).find((d) => d.code === code);
}

async function quickFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic, title: string): Promise<void> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  const action = actions.find((a) => a.title === title);
  assert.ok(action?.edit, `no quick fix "${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

describe('manifest language support', () => {
  let folder: string;
  let uri: vscode.Uri;
  let document: vscode.TextDocument;

  before(async () => {
    await extensionApi();
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    folder = mkdtempSync(join(tmpdir(), 'lfv-manifest-'));
    cpSync(join(extension.extensionPath, 'test', 'fixtures', 'manifest'), folder, { recursive: true });
    uri = vscode.Uri.file(join(folder, 'bad.manifest'));
    document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
  });

  after(async () => {
    for (const d of vscode.workspace.textDocuments)
      if (d.uri.fsPath.startsWith(folder) && d.isDirty) await d.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder, { recursive: true, force: true });
  });

  it('opens .manifest files in the manifest language and reports every problem with its exact range', async () => {
    assert.equal(document.languageId, LANGUAGE);
    await waitFor('diagnostics', () => (ours(uri).length >= 7 ? true : undefined));
    const seen = ours(uri)
      .map(
        (d) =>
          `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${document.getText(d.range).slice(0, 30)}`,
      )
      .sort();
    const expected = [
      '2:102 class-name-unknown "norml"',
      '3:63 human-annotated-missing "anomaly-label-metadata"',
      '4:66 json-syntax "anomaly-label-metadata"',
      '5:489 hex-color-case "#2CA02C"',
      '6:15 duplicate-source-ref "s3://my-bucket/normal/a.png"',
      '7:15 image-extension "s3://my-bucket/normal/f.gif"',
    ];
    for (const line of expected) assert.ok(seen.includes(line), `missing ${line} in\n${seen.join('\n')}`);
    assert.equal(find(uri, 'class-name-unknown')?.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(find(uri, 'json-syntax')?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(find(uri, 'training-minimum')?.severity, vscode.DiagnosticSeverity.Information);
  });

  it('fixes a typo in class-name, and the warning goes away', async () => {
    await quickFix(uri, find(uri, 'class-name-unknown')!, 'Change to "normal"');
    await waitFor('class-name-unknown to clear', () => (find(uri, 'class-name-unknown') ? undefined : true));
    assert.match(document.lineAt(1).text, /"class-name":"normal"/);
  });

  it('adds a missing human-annotated and lower-cases a hex color', async () => {
    await quickFix(uri, find(uri, 'human-annotated-missing')!, 'Add "human-annotated": "yes"');
    await waitFor('human-annotated-missing to clear', () =>
      find(uri, 'human-annotated-missing') ? undefined : true,
    );
    await quickFix(uri, find(uri, 'hex-color-case')!, 'Change to "#2ca02c"');
    await waitFor('hex-color-case to clear', () => (find(uri, 'hex-color-case') ? undefined : true));
  });

  it('removes a duplicate line, and the diagnostics below move up with their lines', async () => {
    const lines = document.lineCount;
    await quickFix(uri, find(uri, 'duplicate-source-ref')!, 'Remove this duplicate line');
    await waitFor('duplicate-source-ref to clear', () =>
      find(uri, 'duplicate-source-ref') ? undefined : true,
    );
    assert.equal(document.lineCount, lines - 1);
    await waitFor('image-extension on line 6', () =>
      find(uri, 'image-extension')?.range.start.line === 5 ? true : undefined,
    );
  });

  it('re-validates an edited line without reopening', async () => {
    const line = document.lineAt(3);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, line.range, document.lineAt(0).text.replace('normal/a.png', 'normal/d.png'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('json-syntax to clear', () => (find(uri, 'json-syntax') ? undefined : true));
  });

  it('an edit of many changes at once (multi-cursor, replace all) leaves every diagnostic on its line', async () => {
    const line = (i: number, className: string) =>
      JSON.stringify({
        'source-ref': `s3://my-bucket/many/${i}.png`,
        'anomaly-label': 0,
        'anomaly-label-metadata': {
          'class-name': className,
          'human-annotated': 'yes',
          type: 'groundtruth/image-classification',
        },
      });
    const many = await vscode.workspace.openTextDocument({
      language: LANGUAGE,
      content: Array.from({ length: 100 }, (_, i) => line(i, 'normal')).join('\n'),
    });
    // One insertion after each of the 100 lines, in one edit: a typo below each of them.
    const edit = new vscode.WorkspaceEdit();
    for (let i = 0; i < 100; i++)
      edit.insert(many.uri, many.lineAt(i).range.end, `\n${line(100 + i, 'norml')}`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(many.lineCount, 200);
    const typoLines = () =>
      ours(many.uri)
        .filter((d) => d.code === 'class-name-unknown')
        .map((d) => d.range.start.line);
    await waitFor('100 typos', () => (typoLines().length === 100 ? true : undefined));
    assert.deepEqual(
      typoLines().sort((a, b) => a - b),
      Array.from({ length: 100 }, (_, i) => 2 * i + 1),
    );
  });

  it('completes class-name values and metadata keys', async () => {
    const text = document.lineAt(0).text;
    const inValue = new vscode.Position(0, text.indexOf('"normal"') + 1);
    const values = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      inValue,
    );
    const labels = values.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('"anomaly"') && labels.includes('"normal"'), labels.join(', '));
    const inKey = new vscode.Position(0, text.indexOf('"human-annotated"') + 2);
    const keys = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      inKey,
    );
    assert.ok(keys.items.some((i) => i.label === 'type' || i.label === 'confidence'));
  });

  it('documents keys on hover', async () => {
    const text = document.lineAt(0).text;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(0, text.indexOf('"class-name"') + 3),
    );
    const markdown = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n');
    assert.match(markdown, /imports the image as unlabeled/);
  });

  it('links s3:// references to the engine-backed file system', async () => {
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
      'vscode.executeLinkProvider',
      uri,
    );
    const first = links.find((l) => l.range.start.line === 0);
    assert.equal(first?.target?.scheme, 'lookout-s3');
    assert.equal(first?.target?.authority, 'my-bucket');
    assert.equal(first?.target?.path, '/normal/a.png');
  });

  it('previews the image from the connected engine on hover, and opens it through the link', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const png = readFileSync(
      join(extension.extensionPath, 'sample', 'workspace', 'plates', 'normal', 'plate-01.png'),
    );
    const { s3 } = await (await extensionApi()).connections.clients();
    await ensureBucket(s3, 'my-bucket');
    await putObject(s3, 'my-bucket', 'normal/a.png', png, 'image/png');
    const text = document.lineAt(0).text;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(0, text.indexOf('s3://my-bucket/normal/a.png') + 5),
    );
    const markdown = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n');
    assert.ok(markdown.includes(`data:image/png;base64,${png.toString('base64')}`), markdown.slice(0, 300));
    const link = (
      await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri)
    )[0]!;
    assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(link.target!)), png);
  });

  it('accepts local image paths in a workspace manifest, linking and previewing the files', async () => {
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(workspace, 'the test workbench opens the sample workspace');
    const plates = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace, 'plates.manifest'));
    await vscode.window.showTextDocument(plates);
    const lenses = await waitFor('the summary lens', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        plates.uri,
      );
      return found.length ? found : undefined;
    });
    assert.match(
      lenses[0]!.command?.title ?? '',
      /20 normal · 20 anomaly · 0 unlabeled \(scratch 20\) — single dataset ✓/,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(ours(plates.uri), []);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
      'vscode.executeLinkProvider',
      plates.uri,
    );
    const image = vscode.Uri.joinPath(workspace, 'plates', 'normal', 'plate-01.png');
    assert.equal(links[0]?.target?.toString(), image.toString());
    const text = plates.lineAt(0).text;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      plates.uri,
      new vscode.Position(0, text.indexOf('plates/normal') + 2),
    );
    const markdown = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n');
    const png = Buffer.from(await vscode.workspace.fs.readFile(image)).toString('base64');
    assert.ok(markdown.includes(`data:image/png;base64,${png}`), markdown.slice(0, 300));
  });

  it('summarises the file in a CodeLens on the first line', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      uri,
    );
    const title = lenses.map((l) => l.command?.title ?? '').find((t) => t.includes('normal'));
    assert.match(title ?? '', /\d+ normal · \d+ anomaly · \d+ unlabeled .*single dataset ✗/);
  });

  it('switches a .jsonl of manifest lines to the manifest language and leaves other .jsonl files alone', async () => {
    const manifest = await vscode.workspace.openTextDocument(vscode.Uri.file(join(folder, 'dataset.jsonl')));
    await vscode.window.showTextDocument(manifest);
    await waitFor('dataset.jsonl to become a manifest', () =>
      vscode.workspace.textDocuments.some(
        (d) => d.uri.fsPath === manifest.uri.fsPath && d.languageId === LANGUAGE,
      )
        ? true
        : undefined,
    );
    const other = await vscode.workspace.openTextDocument(vscode.Uri.file(join(folder, 'other.jsonl')));
    await vscode.window.showTextDocument(other);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.notEqual(other.languageId, LANGUAGE);
    assert.deepEqual(ours(other.uri), []);
  });
});
