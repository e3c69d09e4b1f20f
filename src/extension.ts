// Activation (on the view, a command, a manifest language or a restored panel; never on start-up): the connection
// (local engine by default) with its status bar item, the tree view, and every command. Nothing here starts a
// process or waits on the service: the local engine starts when the view or a command first needs it.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import type { CommandContext } from './commands/context';
import { ConnectionManager } from './connection/connectionManager';
import { EngineProcess } from './connection/engineProcess';
import { createConnectionStatusBar } from './connection/statusBar';
import { ExplorerProvider } from './explorer/explorerProvider';
import type { ExplorerNode } from './explorer/node';
import { getObject } from './client/objectStore';
import { registerManifestSupport } from './manifest/register';
import { followModelChanges } from './panels/metricsPanel';
import { PanelRecords } from './panels/panelState';
import { panelSerializers } from './panels/serializers';

/** What activate() returns: the live parts, for other extensions and the extension-host tests. */
export interface LookoutVisionApi {
  connections: ConnectionManager;
  explorer: ExplorerProvider;
  view: vscode.TreeView<ExplorerNode>;
  engine: EngineProcess;
  /** By view type: restores a panel as a window reload does. */
  serializers: Record<string, vscode.WebviewPanelSerializer>;
  /** What each open panel needs to come back after a window reload, by the id its page keeps. */
  panels: PanelRecords;
}

export function activate(context: vscode.ExtensionContext): LookoutVisionApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Lookout for Vision', { log: true });
  const engineLog = vscode.window.createOutputChannel('Lookout for Vision Engine');
  // An engine this window starts is not stopped with the window: it stops once no window uses it (engineProcess.ts).
  const engine = new EngineProcess(context.asAbsolutePath('dist/cli.js'), engineLog);
  const connections = new ConnectionManager(engine, context.globalStorageUri);
  const explorer = new ExplorerProvider(connections);
  const view = vscode.window.createTreeView('lookoutVision.explorer', {
    treeDataProvider: explorer,
    showCollapseAll: true,
  });
  explorer.attach(view);

  const ctx: CommandContext = {
    extension: context,
    connections,
    explorer,
    log,
    engineLog,
    clients: () => connections.clients(),
    panels: new PanelRecords(context.workspaceState),
  };
  const serializers = panelSerializers(ctx);
  context.subscriptions.push(
    log,
    engineLog,
    engine,
    connections,
    explorer,
    view,
    createConnectionStatusBar(connections),
    followModelChanges(explorer.models.onDidChange),
    ...registerCommands(ctx),
    ...Object.entries(serializers).map(([viewType, serializer]) =>
      vscode.window.registerWebviewPanelSerializer(viewType, serializer),
    ),
  );
  // Manifest links and previews read objects through the active connection; none connected: nothing to show.
  registerManifestSupport(context, {
    getObject: async (bucket, key) => {
      const clients = await connections.clients().catch(() => undefined);
      return clients ? getObject(clients.s3, bucket, key) : undefined;
    },
  });
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
  return { connections, explorer, view, engine, serializers, panels: ctx.panels };
}
