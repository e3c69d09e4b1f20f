// Create Empty Dataset: a dataset with no images, to fill later with "Add Dataset Entries".
import * as vscode from 'vscode';
import { CreateDatasetCommand } from '@aws-sdk/client-lookoutvision';
import type { CommandContext } from '../context';
import { resolveProject } from '../pickers';
import { resolveDatasetType } from './pickDatasetType';

export async function createEmptyDataset(
  ctx: CommandContext,
  arg?: unknown,
  options?: unknown,
): Promise<string> {
  const { projectName } = await resolveProject(ctx, arg);
  const datasetType = await resolveDatasetType(options);
  const { lookout } = await ctx.clients();
  await lookout.send(new CreateDatasetCommand({ ProjectName: projectName, DatasetType: datasetType }));
  ctx.explorer.refresh();
  void vscode.window.showInformationMessage(`Empty ${datasetType} dataset created in ${projectName}.`);
  return datasetType;
}
