// Quick fixes: each manifest diagnostic that carries a fix becomes a code action editing its line.
import * as vscode from 'vscode';
import type { ManifestDiagnostic } from './core';
import { DIAGNOSTIC_SOURCE, MANIFEST_SELECTOR } from './language';
import type { ManifestDocuments } from './manifestDocuments';

function sameDiagnostic(a: vscode.Diagnostic, b: ManifestDiagnostic): boolean {
  return (
    a.code === b.code &&
    a.range.start.line === b.line &&
    a.range.start.character === b.start &&
    a.range.end.character === b.end
  );
}

function editFor(document: vscode.TextDocument, d: ManifestDiagnostic): vscode.WorkspaceEdit | undefined {
  const fix = d.fix;
  if (!fix) return undefined;
  const edit = new vscode.WorkspaceEdit();
  if ('removeLine' in fix) {
    const last = document.lineCount - 1;
    const range =
      d.line < last
        ? new vscode.Range(d.line, 0, d.line + 1, 0)
        : new vscode.Range(
            Math.max(0, d.line - 1),
            d.line > 0 ? document.lineAt(d.line - 1).text.length : 0,
            d.line,
            document.lineAt(d.line).text.length,
          );
    edit.delete(document.uri, range);
  } else {
    for (const e of fix.edits)
      edit.replace(document.uri, new vscode.Range(d.line, e.start, d.line, e.end), e.newText);
  }
  return edit;
}

class ManifestCodeActions implements vscode.CodeActionProvider {
  constructor(private readonly documents: ManifestDocuments) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const model = this.documents.get(document);
    if (!model) return [];
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    const lines = new Set(ours.map((d) => d.range.start.line));
    const candidates = model.diagnostics().filter((d) => d.fix && lines.has(d.line));
    const actions: vscode.CodeAction[] = [];
    for (const shown of ours) {
      const match = candidates.find((d) => sameDiagnostic(shown, d));
      const edit = match && editFor(document, match);
      if (!match?.fix || !edit) continue;
      const action = new vscode.CodeAction(match.fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = edit;
      action.diagnostics = [shown];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}

export function registerCodeActions(documents: ManifestDocuments): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(MANIFEST_SELECTOR, new ManifestCodeActions(documents), {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  });
}
