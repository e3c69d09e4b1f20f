// Delete Project: after confirmation, deletes the project's models and datasets, then the project.
import * as vscode from 'vscode';
import {
  DeleteDatasetCommand,
  DeleteProjectCommand,
  DescribeProjectCommand,
  paginateListModels,
  type ModelMetadata,
} from '@aws-sdk/client-lookoutvision';
import { confirmDestructive, type ConfirmOptions } from '../confirm';
import type { CommandContext } from '../context';
import { resolveProject } from '../pickers';
import { deleteModelAndWait } from '../model/deleteModelAndWait';

export async function deleteProject(
  ctx: CommandContext,
  arg?: unknown,
  options?: ConfirmOptions,
): Promise<boolean> {
  const { projectName } = await resolveProject(ctx, arg);
  const { lookout } = await ctx.clients();
  const models: ModelMetadata[] = [];
  for await (const page of paginateListModels({ client: lookout }, { ProjectName: projectName })) {
    models.push(...(page.Models ?? []));
  }
  const running = models.filter((m) => m.Status === 'HOSTED' || m.Status === 'STARTING_HOSTING');
  if (running.length > 0) {
    throw new Error(
      `Stop model ${running.map((m) => m.ModelVersion).join(', ')} of ${projectName} before deleting the project`,
    );
  }
  const project = await lookout.send(new DescribeProjectCommand({ ProjectName: projectName }));
  const datasets = project.ProjectDescription?.Datasets ?? [];
  await confirmDestructive(
    `Delete project ${projectName}` +
      (models.length + datasets.length > 0
        ? ` with its ${datasets.length} dataset(s) and ${models.length} model(s)?`
        : '?') +
      ' This cannot be undone.',
    'Delete',
    options,
  );
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Deleting project ${projectName}` },
    async (progress) => {
      for (const model of models) {
        progress.report({ message: `model ${model.ModelVersion}` });
        await deleteModelAndWait(lookout, projectName, model.ModelVersion ?? '');
      }
      for (const dataset of datasets) {
        progress.report({ message: `${dataset.DatasetType} dataset` });
        await lookout.send(
          new DeleteDatasetCommand({ ProjectName: projectName, DatasetType: dataset.DatasetType }),
        );
      }
      await lookout.send(new DeleteProjectCommand({ ProjectName: projectName }));
    },
  );
  ctx.explorer.models.gone(projectName);
  ctx.explorer.refreshProjects();
  void vscode.window.showInformationMessage(`Project ${projectName} deleted.`);
  return true;
}
