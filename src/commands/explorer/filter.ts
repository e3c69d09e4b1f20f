// Filter Projects: shows only projects whose name contains the text (empty clears the filter).
import * as vscode from 'vscode';
import type { CommandContext } from '../context';
import { required } from '../register';

export async function filterProjects(ctx: CommandContext, text?: unknown): Promise<string> {
  const filter =
    typeof text === 'string'
      ? text
      : required(
          await vscode.window.showInputBox({
            title: 'Filter projects',
            prompt: 'Show projects whose name contains this text (empty: show all)',
            value: ctx.explorer.filter,
          }),
        );
  ctx.explorer.setFilter(filter);
  return filter;
}
