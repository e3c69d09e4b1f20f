// One status bar item that names the active connection and shows the local engine starting; clicking it
// switches connections. It appears once the connection is first used: while it names the local engine, the engine
// runs (or was stopped by the user).
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
    if (!connections.inUse) return;
    item.show();
    const settings = connections.settings;
    if (settings.kind === 'local' && connections.engineStarting) {
      item.text = '$(loading~spin) LFV: Starting local engine…';
      item.tooltip = 'Lookout for Vision: starting the local engine (see "Show Engine Log")';
      return;
    }
    const label =
      settings.kind === 'local'
        ? `Local engine${connections.localEngineStopped ? ' (stopped)' : ''}`
        : settings.kind === 'profile'
          ? `${settings.profile} · ${settings.region}`
          : settings.endpoint || 'no endpoint';
    item.text = `${ICONS[settings.kind]} LFV: ${label}`;
    const engine = settings.kind === 'local' ? connections.localEngine : undefined;
    const state =
      settings.kind !== 'local' || connections.localEngineStopped
        ? ''
        : engine
          ? ` (engine at ${engine.endpoint})`
          : ' (the engine is not running: it starts when needed)';
    item.tooltip = `Lookout for Vision connection${state} — click to switch`;
  };
  update();
  return vscode.Disposable.from(item, connections.onDidChange(update), connections.onDidChangeState(update));
}
