// The HTML shell of every panel, apart from the editor so that its policy can be checked without one: a strict
// Content-Security-Policy (nothing by default; scripts only with this page's nonce; styles, fonts and images only
// from the webview's own resources, plus data: URIs for the images the extension sends), the vscode-elements
// bundle, and the panel's own script, both bundled into dist/webviews/ by the build.

export interface PanelPage {
  /** The webview's `cspSource`: its own resources. */
  cspSource: string;
  /** The webview URI of a file of the extension. */
  resource: (...path: string[]) => string;
  title: string;
  /** The panel's script in dist/webviews/. */
  script: string;
  nonce: string;
}

export function panelHtml({ cspSource, resource, title, script, nonce }: PanelPage): string {
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${resource('media', 'panel.css')}" nonce="${nonce}">
  <title>${escapeHtml(title)}</title>
</head>
<body>
  <main id="root" aria-live="polite"><vscode-progress-ring></vscode-progress-ring></main>
  <script type="module" nonce="${nonce}" src="${resource('dist', 'webviews', 'elements.js')}"></script>
  <script type="module" nonce="${nonce}" src="${resource('dist', 'webviews', script)}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
