// One status bar item that names the active connection; clicking it switches connections.
import * as vscode from 'vscode';
import type { ConnectionManager } from './connectionManager';

const ICONS = { local: '$(server-process)', profile: '$(cloud)', endpoint: '$(plug)' } as const;

export function createConnectionStatusBar(connections: ConnectionManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(
    'lookoutVision.connection',
    vscode.StatusBarAlignment.Left,
    50,
  );
  item.name = 'Lookout for Vision Connection';
  item.command = 'lookoutVision.selectConnection';
  const update = () => {
    const settings = connections.settings;
    const label =
      settings.kind === 'local'
        ? `Local engine${connections.localEngineStopped ? ' (stopped)' : ''}`
        : settings.kind === 'profile'
          ? `${settings.profile} · ${settings.region}`
          : settings.endpoint || 'no endpoint';
    item.text = `${ICONS[settings.kind]} LFV: ${label}`;
    item.tooltip = 'Lookout for Vision connection — click to switch';
  };
  update();
  item.show();
  const listener = connections.onDidChange(update);
  return vscode.Disposable.from(item, listener);
}
