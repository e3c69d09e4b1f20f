// Completion of manifest keys and values, with the buckets and anomaly labels the file already uses.
import * as vscode from 'vscode';
import { completeManifestLine } from './core';
import { MANIFEST_SELECTOR } from './language';
import type { ManifestDocuments } from './manifestDocuments';

class ManifestCompletion implements vscode.CompletionItemProvider {
  constructor(private readonly documents: ManifestDocuments) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const model = this.documents.get(document);
    if (!model) return [];
    const text = document.lineAt(position.line).text;
    const context = { buckets: model.buckets(), labels: model.summary().labels.map((l) => l.name) };
    return completeManifestLine(text, position.character, context).map((c) => {
      const item = new vscode.CompletionItem(
        c.label,
        c.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.Value,
      );
      item.insertText = c.insertText;
      item.filterText = c.insertText;
      item.range = new vscode.Range(position.line, c.start, position.line, c.end);
      if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
      return item;
    });
  }
}

export function registerCompletion(documents: ManifestDocuments): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    MANIFEST_SELECTOR,
    new ManifestCompletion(documents),
    '"',
    ':',
  );
}
