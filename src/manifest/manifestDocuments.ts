// Keeps one incrementally validated model per open manifest document, fed by the editor's change events.
import * as vscode from 'vscode';
import { ManifestModel } from './core';
import { MANIFEST_LANGUAGE, WORKSPACE_VALIDATION } from './language';

interface Tracked {
  readonly model: ManifestModel;
  version: number;
}

export class ManifestDocuments implements vscode.Disposable {
  private readonly tracked = new Map<string, Tracked>();
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  private readonly closed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires after a manifest's model changed (opened or edited). */
  readonly onDidChange = this.changed.event;
  /** Fires when a document stops being a manifest (closed or switched to another language). */
  readonly onDidClose = this.closed.event;

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => this.open(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.close(document.uri)),
      vscode.workspace.onDidChangeTextDocument((event) => this.edit(event)),
      this.changed,
      this.closed,
    ];
    for (const document of vscode.workspace.textDocuments) this.open(document);
  }

  /** The up-to-date model of a manifest document, or undefined for other documents. */
  get(document: vscode.TextDocument): ManifestModel | undefined {
    if (document.languageId !== MANIFEST_LANGUAGE) return undefined;
    const tracked = this.tracked.get(document.uri.toString());
    if (!tracked) return this.open(document);
    if (tracked.version !== document.version) this.reload(document, tracked);
    return tracked.model;
  }

  private open(document: vscode.TextDocument): ManifestModel | undefined {
    if (document.languageId !== MANIFEST_LANGUAGE) return undefined;
    const tracked = {
      model: new ManifestModel(document.getText(), WORKSPACE_VALIDATION),
      version: document.version,
    };
    this.tracked.set(document.uri.toString(), tracked);
    this.changed.fire(document);
    return tracked.model;
  }

  private close(uri: vscode.Uri): void {
    if (this.tracked.delete(uri.toString())) this.closed.fire(uri);
  }

  private edit(event: vscode.TextDocumentChangeEvent): void {
    const document = event.document;
    const tracked = this.tracked.get(document.uri.toString());
    if (!tracked || event.contentChanges.length === 0) return;
    try {
      // The extension host applies the changes one after another, so the model does the same.
      for (const change of event.contentChanges) {
        const { start, end } = change.range;
        tracked.model.applyChange({
          startLine: start.line,
          startCharacter: start.character,
          endLine: end.line,
          endCharacter: end.character,
          text: change.text,
        });
      }
      if (tracked.model.lineCount !== document.lineCount) throw new Error('line count drifted');
      tracked.version = document.version;
    } catch {
      this.reload(document, tracked);
    }
    this.changed.fire(document);
  }

  private reload(document: vscode.TextDocument, tracked: Tracked): void {
    tracked.model.setText(document.getText());
    tracked.version = document.version;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.tracked.clear();
  }
}
