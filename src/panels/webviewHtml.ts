// The HTML shell of every panel: a strict Content-Security-Policy (scripts only with this page's
// nonce, images from the webview's own resources and data: URIs for in-memory images), the
// vscode-elements bundle, and the panel's own script from webviews/.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

function panelResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [
    vscode.Uri.joinPath(extensionUri, 'webviews'),
    vscode.Uri.joinPath(extensionUri, 'media'),
    vscode.Uri.joinPath(extensionUri, 'node_modules', '@vscode-elements', 'elements', 'dist'),
  ];
}

/** Gives a new or restored panel its page: scripts on, local resources, and the HTML shell. */
export function initPanel(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, script: string): void {
  panel.webview.options = { enableScripts: true, localResourceRoots: panelResourceRoots(extensionUri) };
  panel.webview.html = panelHtml(panel.webview, extensionUri, panel.title, script);
}

function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, script: string): string {
  const nonce = randomBytes(16).toString('base64');
  const uri = (...path: string[]) =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${uri('media', 'panel.css')}" nonce="${nonce}">
  <title>${escapeHtml(title)}</title>
</head>
<body>
  <main id="root" aria-live="polite"><vscode-progress-ring></vscode-progress-ring></main>
  <script type="module" nonce="${nonce}" src="${uri('node_modules', '@vscode-elements', 'elements', 'dist', 'bundled.js')}"></script>
  <script type="module" nonce="${nonce}" src="${uri('webviews', script)}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
