// Panels restored as a window reload restores them: through the extension's serializer, with the state a page kept.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { extensionApi, waitFor } from './tree';

export type PanelMessage = Record<string, unknown>;

/** A panel restored as a window reload would, recording what is sent to its page once the page asked. */
export interface RestoredPanel {
  panel: vscode.WebviewPanel;
  /** The first message since the last call that satisfies `accept`. */
  next(accept: (message: PanelMessage) => boolean, what: string): Promise<PanelMessage>;
}

export async function openRestoredPanel(viewType: string, state: unknown): Promise<RestoredPanel> {
  const api = await extensionApi();
  const panel = vscode.window.createWebviewPanel(viewType, 'restored', vscode.ViewColumn.Active);
  let ready = false;
  const messages: PanelMessage[] = [];
  panel.webview.onDidReceiveMessage((m: { type?: string }) => (ready ||= m.type === 'ready'));
  const post = panel.webview.postMessage.bind(panel.webview);
  panel.webview.postMessage = (message: PanelMessage) => {
    if (ready) messages.push(message);
    return post(message);
  };
  await api.serializers[viewType].deserializeWebviewPanel(panel, state);
  let seen = 0;
  return {
    panel,
    next: async (accept, what) => {
      const found = await waitFor(
        `${viewType}: ${what}`,
        () => {
          const index = messages.findIndex((m, i) => i >= seen && accept(m));
          if (index < 0) return undefined;
          seen = index + 1;
          return messages[index];
        },
        60_000,
      );
      return found;
    },
  };
}

/** Restores a panel and resolves with what is sent to its page once it has loaded and asked. */
export async function restorePanel(viewType: string, state: unknown): Promise<PanelMessage> {
  const { panel, next } = await openRestoredPanel(viewType, state);
  try {
    return await next(() => true, 'the page got nothing');
  } finally {
    panel.dispose();
  }
}

/** The id the page of the panel of `viewType` shown last keeps. */
export async function keptId(viewType: string): Promise<string> {
  const [id] = (await extensionApi()).panels.ids(viewType);
  assert.ok(id, `a record is kept for the ${viewType} panel`);
  return id;
}

/**
 * Restores a panel from each page state: every one gets only the page that says to run `command` again, with a new
 * id to keep.
 */
export async function assertNotRestored(viewType: string, command: string, states: unknown[]): Promise<void> {
  for (const state of states) {
    const message = await restorePanel(viewType, state);
    const what = `${viewType} from ${JSON.stringify(state)}`;
    assert.deepEqual(
      [message.type, message.message],
      ['error', `This panel could not be restored: run ${command} again.`],
      what,
    );
    const { id } = message.state as { id: string };
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, what);
    assert.notEqual(id, (state as { id?: unknown } | undefined)?.id, what);
  }
}

/** Ids a page might keep that name no record: malformed, unknown, or no id at all. */
export const badIds = (valid: string): unknown[] => [
  undefined,
  null,
  'state',
  [valid],
  {},
  { id: 42 },
  { id: valid.toUpperCase() },
  { id: `${valid}/../${valid}` },
  { id: ` ${valid}` },
  { id: randomUUID() },
];
