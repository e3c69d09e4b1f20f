// Switches a `.jsonl` document to the manifest language when its content is manifest lines, leaving
// other JSON Lines files alone. Changing the language fires close + open at once, which tells a user's
// own switch away from the manifest language (respected) from reopening the file later (detected again).
import * as vscode from 'vscode';
import { looksLikeManifest } from './core';
import { MANIFEST_LANGUAGE } from './language';

const SCANNED_LINES = 20;
const LANGUAGE_SWITCH_MS = 1000;

export function registerLanguageDetection(): vscode.Disposable {
  const closedAsManifest = new Map<string, number>();
  const consider = (document: vscode.TextDocument) => {
    const id = document.uri.toString();
    if (document.languageId === MANIFEST_LANGUAGE || !document.uri.path.toLowerCase().endsWith('.jsonl'))
      return;
    const closedAt = closedAsManifest.get(id);
    closedAsManifest.delete(id);
    if (closedAt !== undefined && Date.now() - closedAt < LANGUAGE_SWITCH_MS) return;
    const head = document.getText(new vscode.Range(0, 0, Math.min(SCANNED_LINES, document.lineCount), 0));
    if (looksLikeManifest(head, SCANNED_LINES))
      void vscode.languages.setTextDocumentLanguage(document, MANIFEST_LANGUAGE);
  };
  for (const document of vscode.workspace.textDocuments) consider(document);
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument(consider),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.languageId === MANIFEST_LANGUAGE)
        closedAsManifest.set(document.uri.toString(), Date.now());
    }),
  );
}
