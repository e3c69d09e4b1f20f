// Stop Engine: stops the local engine; the view says so until it is started again.
import * as vscode from 'vscode';
import type { CommandContext } from '../context';

export async function stopEngine(ctx: CommandContext): Promise<boolean> {
  const stopped = await ctx.connections.stopEngine();
  void vscode.window.showInformationMessage(
    stopped ? 'Local engine stopped.' : 'The local engine was not running.',
  );
  return stopped;
}
