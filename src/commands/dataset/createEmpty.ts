// Create Empty Dataset: a dataset with no images, to fill later with "Add Dataset Entries".
import * as vscode from 'vscode';
import { CreateDatasetCommand } from '@aws-sdk/client-lookoutvision';
import { fields, type Read } from '../arguments';
import type { CommandContext } from '../context';
import { resolveProject } from '../pickers';
import { undoableCreate } from '../undoableCreate';
import { datasetTypeArgument, resolveDatasetType } from './pickDatasetType';

/** datasetType: given, it is not asked for. */
export const createEmptyOptions = fields({ datasetType: datasetTypeArgument });

export async function createEmptyDataset(
  ctx: CommandContext,
  arg?: unknown,
  options?: Read<typeof createEmptyOptions>,
): Promise<string> {
  return undoableCreate(async (created) => {
    const { projectName } = await resolveProject(ctx, arg, { created });
    const datasetType = await resolveDatasetType(options?.datasetType);
    const { lookout } = await ctx.clients();
    await lookout.send(new CreateDatasetCommand({ ProjectName: projectName, DatasetType: datasetType }));
    ctx.explorer.refreshProject(projectName, 'datasets');
    void vscode.window.showInformationMessage(`Empty ${datasetType} dataset created in ${projectName}.`);
    return datasetType;
  });
}
