// The page side of src/panels/panelContent.ts, shared by the panel scripts: asks for the content whenever the page
// (re)loads, keeps the `state` each message carries, and shows the panel's content or why it could not load.
// The build bundles it into each panel script (dist/webviews/).
/* global document, window, acquireVsCodeApi */

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** Shows the nodes `render` makes of each message of `type`; returns the webview API for the page's own messages. */
export function runPanel(type, render) {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');
  // The state kept is only the id of the panel's record: after a window reload the extension restores from that.
  window.addEventListener('message', (event) => {
    if (event.data?.state) vscode.setState(event.data.state);
    const notAvailable = (message) =>
      root.replaceChildren(el('h2', {}, 'Not available'), el('p', { className: 'hint' }, message));
    if (event.data?.type === type) {
      // Content the page cannot show (a malformed evaluation file) says so instead of spinning for ever.
      try {
        root.replaceChildren(...render(event.data));
      } catch (err) {
        notAvailable(`This content could not be shown: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    // A load that failed (e.g. after a window reload, the model is gone or no longer running).
    else if (event.data?.type === 'error') notAvailable(event.data.message);
  });
  vscode.postMessage({ type: 'ready' });
  return vscode;
}
