// Everything the editor offers for Ground Truth manifests, registered in one call from activate().
import type * as vscode from 'vscode';
import { registerCodeActions } from './codeActions';
import { registerCompletion } from './completion';
import { registerDiagnostics } from './diagnostics';
import { registerHover } from './hover';
import { registerLanguageDetection } from './languageDetection';
import { registerLinks } from './links';
import { ManifestDocuments } from './manifestDocuments';
import type { ManifestObjectSource } from './objectSource';
import { registerObjectFileSystem } from './s3ObjectFileSystem';
import { registerSummaryLens } from './summaryLens';

export type { ManifestObjectSource } from './objectSource';

export function registerManifestSupport(
  context: vscode.ExtensionContext,
  objects: ManifestObjectSource,
): void {
  const documents = new ManifestDocuments();
  context.subscriptions.push(
    documents,
    registerDiagnostics(documents),
    registerCodeActions(documents),
    registerCompletion(documents),
    registerHover(objects),
    registerLinks(),
    registerObjectFileSystem(objects),
    registerSummaryLens(documents),
    registerLanguageDetection(),
  );
}
