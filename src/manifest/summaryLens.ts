// A CodeLens on the first line with the file's counts and whether it meets the training minimums.
import * as vscode from 'vscode';
import type { ManifestSummary, Requirement } from './core';
import { MANIFEST_SELECTOR } from './language';
import type { ManifestDocuments } from './manifestDocuments';

function summaryTitle(summary: ManifestSummary): string {
  const mark = (r: Requirement) => (r.met ? '✓' : '✗');
  const labels = summary.labels.map((l) => `${l.name} ${l.singleLabelImages}`).join(', ');
  const { singleDataset, trainingDataset, testDataset } = summary.readiness;
  return (
    `${summary.normal} normal · ${summary.anomaly} anomaly · ${summary.unlabeled} unlabeled` +
    (labels ? ` (${labels})` : '') +
    (summary.linesWithErrors ? ` · ${summary.linesWithErrors} line(s) with errors` : '') +
    ` — single dataset ${mark(singleDataset)} · train ${mark(trainingDataset)} · test ${mark(testDataset)}` +
    // The shortfall of the usual set-up (one dataset) with its numbers, so it is read before training.
    (summary.entries > 0 && !singleDataset.met ? ` — needs ${singleDataset.missing.join(', ')}` : '')
  );
}

class SummaryLens implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(private readonly documents: ManifestDocuments) {}

  refresh(): void {
    this.emitter.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const model = this.documents.get(document);
    if (!model) return [];
    // An empty command id renders the lens as plain text.
    return [
      new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: summaryTitle(model.summary()),
        command: '',
      }),
    ];
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function registerSummaryLens(documents: ManifestDocuments): vscode.Disposable {
  const lens = new SummaryLens(documents);
  return vscode.Disposable.from(
    lens,
    vscode.languages.registerCodeLensProvider(MANIFEST_SELECTOR, lens),
    documents.onDidChange(() => lens.refresh()),
  );
}
