// Create Empty Dataset: a dataset with no images, to fill later with "Add Dataset Entries".
import * as vscode from 'vscode';
import { CreateDatasetCommand } from '@aws-sdk/client-lookoutvision';
import type { CommandContext } from '../context';
import { resolveProject } from '../pickers';
import { undoableCreate } from '../undoableCreate';
import { resolveDatasetType } from './pickDatasetType';

export async function createEmptyDataset(
  ctx: CommandContext,
  arg?: unknown,
  options?: unknown,
): Promise<string> {
  return undoableCreate(async (created) => {
    const { projectName } = await resolveProject(ctx, arg, { created });
    const datasetType = await resolveDatasetType(options);
    const { lookout } = await ctx.clients();
    await lookout.send(new CreateDatasetCommand({ ProjectName: projectName, DatasetType: datasetType }));
    ctx.explorer.refreshProject(projectName, 'datasets');
    void vscode.window.showInformationMessage(`Empty ${datasetType} dataset created in ${projectName}.`);
    return datasetType;
  });
}
