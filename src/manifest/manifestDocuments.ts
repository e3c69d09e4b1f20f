// Keeps one incrementally validated model per open manifest document, fed by the editor's change events.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { ManifestModel, type ValidationOptions } from './core';
import { MANIFEST_LANGUAGE, WORKSPACE_VALIDATION } from './language';
import { filesBeside } from './localPaths';

/**
 * Past this many changes in one edit (multi-cursor typing, replace all) the text is read again instead: each change
 * that adds or removes lines renumbers the lines after it, and setText keeps the results of the lines it finds
 * unchanged.
 */
const MANY_CHANGES = 64;

interface Tracked {
  model: ManifestModel;
  version: number;
}

/** Images appearing or disappearing change which local paths exist. */
const IMAGE_FILES = '**/*.{png,PNG,jpg,JPG,jpeg,JPEG}';
const RECHECK_DELAY_MS = 300;

/** A file-backed manifest's local paths are checked against the files beside it. */
function validationOptions(document: vscode.TextDocument): ValidationOptions {
  return document.uri.scheme === 'file'
    ? { ...WORKSPACE_VALIDATION, pathExists: filesBeside(dirname(document.uri.fsPath)) }
    : WORKSPACE_VALIDATION;
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

  private recheckTimer: NodeJS.Timeout | undefined;

  constructor() {
    const images = vscode.workspace.createFileSystemWatcher(IMAGE_FILES, false, true, false);
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => this.open(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.close(document.uri)),
      vscode.workspace.onDidChangeTextDocument((event) => this.edit(event)),
      images,
      images.onDidCreate(() => this.scheduleRecheck()),
      images.onDidDelete(() => this.scheduleRecheck()),
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
      model: new ManifestModel(document.getText(), validationOptions(document)),
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
    if (event.contentChanges.length > MANY_CHANGES || !this.applied(event, tracked))
      this.reload(document, tracked);
    this.changed.fire(document);
  }

  /** Applies the changes one after another, as the extension host does; false when the model lost track. */
  private applied(event: vscode.TextDocumentChangeEvent, tracked: Tracked): boolean {
    try {
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
    } catch {
      return false;
    }
    if (tracked.model.lineCount !== event.document.lineCount) return false;
    tracked.version = event.document.version;
    return true;
  }

  private reload(document: vscode.TextDocument, tracked: Tracked): void {
    tracked.model.setText(document.getText());
    tracked.version = document.version;
  }

  /** Validates file-backed manifests afresh (the existence of paths is cached per model), once images settle. */
  private scheduleRecheck(): void {
    clearTimeout(this.recheckTimer);
    this.recheckTimer = setTimeout(() => {
      for (const document of vscode.workspace.textDocuments) {
        const tracked = this.tracked.get(document.uri.toString());
        if (!tracked || document.uri.scheme !== 'file') continue;
        tracked.model = new ManifestModel(document.getText(), validationOptions(document));
        tracked.version = document.version;
        this.changed.fire(document);
      }
    }, RECHECK_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.recheckTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.tracked.clear();
  }
}
