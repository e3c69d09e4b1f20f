// Delete Dataset (after confirmation). Deleting the test dataset makes the project a single-dataset project.
import * as vscode from 'vscode';
import { DeleteDatasetCommand } from '@aws-sdk/client-lookoutvision';
import { confirmDestructive, type ConfirmOptions } from '../confirm';
import type { CommandContext } from '../context';
import { resolveDataset } from '../pickers';

export async function deleteDataset(
  ctx: CommandContext,
  arg?: unknown,
  options?: ConfirmOptions,
): Promise<boolean> {
  const { projectName, datasetType } = await resolveDataset(ctx, arg);
  await confirmDestructive(
    `Delete the ${datasetType} dataset of ${projectName}? Its entries are lost.`,
    'Delete',
    options,
  );
  const { lookout } = await ctx.clients();
  await lookout.send(new DeleteDatasetCommand({ ProjectName: projectName, DatasetType: datasetType }));
  ctx.explorer.refreshProject(projectName, 'datasets');
  void vscode.window.showInformationMessage(`The ${datasetType} dataset of ${projectName} was deleted.`);
  return true;
}
