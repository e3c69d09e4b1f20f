// Delete Model (after confirmation); a running model must be stopped first.
import * as vscode from 'vscode';
import { confirmDestructive, type ConfirmOptions } from '../confirm';
import type { CommandContext } from '../context';
import { resolveModel } from '../pickers';
import { deleteModelAndWait } from './deleteModelAndWait';

export async function deleteModel(
  ctx: CommandContext,
  arg?: unknown,
  options?: ConfirmOptions,
): Promise<boolean> {
  const { projectName, modelVersion } = await resolveModel(
    ctx,
    arg,
    (s) => s !== 'HOSTED' && s !== 'DELETING',
  );
  await confirmDestructive(
    `Delete model ${modelVersion} of ${projectName}? This cannot be undone.`,
    'Delete',
    options,
  );
  const { lookout } = await ctx.clients();
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Deleting model ${modelVersion} of ${projectName}`,
    },
    async () => {
      const deleting = deleteModelAndWait(lookout, projectName, modelVersion);
      ctx.explorer.refreshProject(projectName, 'models');
      await deleting;
    },
  );
  ctx.explorer.models.gone(projectName, modelVersion);
  ctx.explorer.refreshProject(projectName, 'models');
  void vscode.window.showInformationMessage(`Model ${modelVersion} of ${projectName} deleted.`);
  return true;
}
