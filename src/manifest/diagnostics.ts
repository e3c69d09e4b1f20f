// Publishes each manifest's diagnostics to the Problems panel, shortly after the last edit.
import * as vscode from 'vscode';
import type { ManifestDiagnostic, Severity } from './core';
import { DIAGNOSTIC_SOURCE } from './language';
import type { ManifestDocuments } from './manifestDocuments';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};
const DELAY_MS = 50;

function toVscodeDiagnostic(d: ManifestDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(d.line, d.start, d.line, d.end),
    d.message,
    SEVERITY[d.severity],
  );
  diagnostic.code = d.code;
  diagnostic.source = DIAGNOSTIC_SOURCE;
  return diagnostic;
}

export function registerDiagnostics(documents: ManifestDocuments): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const pending = new Map<string, NodeJS.Timeout>();
  const publish = (document: vscode.TextDocument) => {
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        const model = documents.get(document);
        if (model && !document.isClosed)
          collection.set(document.uri, model.diagnostics().map(toVscodeDiagnostic));
      }, DELAY_MS),
    );
  };
  const subscriptions = [
    collection,
    documents.onDidChange(publish),
    documents.onDidClose((uri) => {
      clearTimeout(pending.get(uri.toString()));
      collection.delete(uri);
    }),
  ];
  // Documents opened before this registration (the one that activated the extension) were announced already.
  for (const document of vscode.workspace.textDocuments) if (documents.get(document)) publish(document);
  return vscode.Disposable.from(...subscriptions, {
    dispose: () => pending.forEach((timer) => clearTimeout(timer)),
  });
}
