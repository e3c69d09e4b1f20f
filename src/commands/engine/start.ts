// Start Engine: starts the local engine (or finds the one already serving the data folder).
import * as vscode from 'vscode';
import type { CommandContext } from '../context';

export async function startEngine(ctx: CommandContext): Promise<string | undefined> {
  if (ctx.connections.settings.kind !== 'local')
    throw new Error('The active connection is not the local engine');
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Starting the local Lookout for Vision engine' },
    () => ctx.connections.startEngine(),
  );
  const clients = await ctx.clients();
  void vscode.window.showInformationMessage(`Local engine running at ${clients.connection.endpoint}.`);
  return clients.connection.endpoint;
}
