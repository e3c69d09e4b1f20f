// Shared by "Create Dataset from Folder" and "Create Dataset from Manifest": upload, store the
// manifest in the project's bucket, CreateDataset, and wait until the service has imported it.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { CreateDatasetCommand, type DatasetDescription } from '@aws-sdk/client-lookoutvision';
import type { CommandContext } from '../context';
import { resolveProject } from '../pickers';
import { uploadSource, storeManifest, type SourceKind } from './datasetSource';
import { resolveDatasetType } from './pickDatasetType';
import { describeCounts, waitForDataset } from './waitForDataset';

/**
 * The handler of a "Create Dataset from …" command. The Explorer context menu passes the file or folder
 * first, the tree passes the project first, and the palette neither (then `pick` asks for the source).
 */
export function createFromSourceCommand(kind: SourceKind, pick: () => Promise<vscode.Uri>) {
  return async (
    ctx: CommandContext,
    arg?: unknown,
    sourceArg?: unknown,
    options?: unknown,
  ): Promise<DatasetDescription> => {
    if (arg instanceof vscode.Uri) return createDatasetFromSource(ctx, kind, sourceArg, arg, options);
    const source = sourceArg instanceof vscode.Uri ? sourceArg : await pick();
    return createDatasetFromSource(ctx, kind, arg, source, options);
  };
}

async function createDatasetFromSource(
  ctx: CommandContext,
  kind: SourceKind,
  project: unknown,
  source: vscode.Uri,
  options: unknown,
): Promise<DatasetDescription> {
  const { projectName } = await resolveProject(ctx, project, true);
  const datasetType = await resolveDatasetType(options);
  const { lookout } = await ctx.clients();
  const description = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Creating the ${datasetType} dataset of ${projectName} from ${basename(source.fsPath)}`,
      cancellable: true,
    },
    async (progress, token) => {
      const { bucket, lines } = await uploadSource(
        ctx,
        projectName,
        datasetType,
        kind,
        source,
        progress,
        token,
      );
      const key = await storeManifest(ctx, bucket, `${projectName}-${datasetType}`, lines);
      progress.report({ message: 'importing' });
      await lookout.send(
        new CreateDatasetCommand({
          ProjectName: projectName,
          DatasetType: datasetType,
          DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: bucket, Key: key } } },
        }),
      );
      ctx.explorer.refresh();
      return waitForDataset(ctx, projectName, datasetType, progress);
    },
  );
  ctx.explorer.refresh();
  void vscode.window.showInformationMessage(
    `The ${datasetType} dataset of ${projectName} is ready: ${describeCounts(description)}.`,
  );
  return description;
}
