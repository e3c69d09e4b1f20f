// What every command handler receives.
import type * as vscode from 'vscode';
import type { ServiceClients } from '../client/clients';
import type { ConnectionManager } from '../connection/connectionManager';
import type { ExplorerProvider } from '../explorer/explorerProvider';
import type { PanelRecords } from '../panels/panelState';

export interface CommandContext {
  extension: vscode.ExtensionContext;
  connections: ConnectionManager;
  explorer: ExplorerProvider;
  /** The extension's own log; failures are written here. */
  log: vscode.LogOutputChannel;
  engineLog: vscode.OutputChannel;
  clients(): Promise<ServiceClients>;
  /** What each open panel needs to come back after a window reload. */
  panels: PanelRecords;
}
