// Gives each panel its page (src/panels/panelHtml.ts): scripts on, and only the extension's bundled webview
// files and media as local resources.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { panelHtml } from './panelHtml';

function panelResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webviews'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/** Gives a new or restored panel its page: scripts on, local resources, and the HTML shell. */
export function initPanel(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, script: string): void {
  panel.webview.options = { enableScripts: true, localResourceRoots: panelResourceRoots(extensionUri) };
  const { webview } = panel;
  panel.webview.html = panelHtml({
    cspSource: webview.cspSource,
    resource: (...path) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString(),
    title: panel.title,
    script,
    nonce: randomBytes(16).toString('base64'),
  });
}
