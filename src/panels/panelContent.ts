// What a panel shows. The page asks for it ("ready") whenever it (re)loads, so nothing is lost if it was
// not listening yet; a failed load is shown in the page rather than leaving the panel spinning. Each
// message carries `state`: what the page keeps (setState) so the panel can be restored after a window
// reload, the id of the panel's record (panelState.ts).
import type * as vscode from 'vscode';
import { errorMessage } from '../client/errors';
import type { PageState } from './panelState';

export class PanelContent {
  private message: Promise<object> | undefined;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly state: PageState,
  ) {
    panel.webview.onDidReceiveMessage((m: { type?: string }) => {
      if (m.type === 'ready') void this.post();
    });
    panel.onDidDispose(() => (this.message = undefined));
  }

  /** Shows what `load` resolves to (a message with a `type` the page renders), or why it failed. */
  show(load: Promise<{ type: string }>): void {
    const { state } = this;
    this.message = load.then(
      (content) => ({ ...content, state }),
      (err: unknown) => ({ type: 'error', message: errorMessage(err), state }),
    );
    void this.post();
  }

  private async post(): Promise<void> {
    const message = this.message;
    if (!message) return;
    const content = await message;
    // A newer show() or the panel's disposal while loading wins.
    if (message === this.message) await this.panel.webview.postMessage(content);
  }
}
