// Document links on every image and mask reference: S3 objects open from the connected engine, local
// paths open the file next to the manifest.
import * as vscode from 'vscode';
import { lineReferences } from './core';
import { MANIFEST_SELECTOR, WORKSPACE_VALIDATION } from './language';
import { referenceUri } from './referenceUri';

/** Links are computed for the whole document at once: cap them so huge manifests stay responsive. */
const MAX_LINKS = 10_000;

class ManifestLinks implements vscode.DocumentLinkProvider {
  provideDocumentLinks(
    document: vscode.TextDocument,
    token: vscode.CancellationToken,
  ): vscode.DocumentLink[] {
    const links: vscode.DocumentLink[] = [];
    for (
      let line = 0;
      line < document.lineCount && links.length < MAX_LINKS && !token.isCancellationRequested;
      line++
    ) {
      for (const ref of lineReferences(document.lineAt(line).text, WORKSPACE_VALIDATION)) {
        const link = new vscode.DocumentLink(
          new vscode.Range(line, ref.start, line, ref.end),
          referenceUri(document, ref),
        );
        link.tooltip = ref.bucket !== undefined ? 'Open from the connected engine' : 'Open the local file';
        links.push(link);
        if (links.length === MAX_LINKS) break;
      }
    }
    return links;
  }
}

export function registerLinks(): vscode.Disposable {
  return vscode.languages.registerDocumentLinkProvider(MANIFEST_SELECTOR, new ManifestLinks());
}
