// Shared by "Create Dataset from Folder" and "Create Dataset from Manifest": upload, store the
// manifest in the project's bucket, CreateDataset, and wait until the service has imported it.
// A folder is checked before anything is asked, and before upload against the training minimums;
// "New project…" is prefilled from the source's name;
// a failure after a project or dataset was created offers to delete it.
import * as vscode from 'vscode';
import { basename, extname } from 'node:path';
import { CreateDatasetCommand, type DatasetDescription } from '@aws-sdk/client-lookoutvision';
import { boolean, fields, type Read } from '../arguments';
import type { CommandContext } from '../context';
import { resolveProject } from '../pickers';
import { projectNameFrom } from '../project/create';
import { undoableCreate } from '../undoableCreate';
import { folderClassCounts } from '../../client/folderDataset';
import { checkFolderLayout } from './checkFolderLayout';
import { confirmMinimums } from './confirmMinimums';
import { uploadSource, storeManifest, type SourceKind } from './datasetSource';
import { datasetTypeArgument, resolveDatasetType } from './pickDatasetType';
import { describeCounts, waitForDataset } from './waitForDataset';

/** datasetType: given, it is not asked for; confirmed: create the dataset even if its images are too few. */
export const createFromSourceOptions = fields({ datasetType: datasetTypeArgument, confirmed: boolean });
type CreateFromSourceOptions = Read<typeof createFromSourceOptions>;

/**
 * The handler of a "Create Dataset from …" command. The Explorer context menu passes the file or folder
 * first, the tree passes the project first, and the palette neither (then `pick` asks for the source).
 */
export function createFromSourceCommand(kind: SourceKind, pick: () => Promise<vscode.Uri>) {
  return async (
    ctx: CommandContext,
    arg?: unknown,
    sourceArg?: unknown,
    options: CreateFromSourceOptions = {},
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
  options: CreateFromSourceOptions,
): Promise<DatasetDescription> {
  if (kind === 'folder') await checkFolderLayout(source);
  // Counted before anything is asked (only masks are read), judged once the dataset's role is known.
  const counts = kind === 'folder' ? await folderClassCounts(source.fsPath) : undefined;
  const sourceName = basename(source.fsPath);
  const suggestedName = projectNameFrom(
    kind === 'folder' ? sourceName : basename(sourceName, extname(sourceName)),
  );
  const { projectName, datasetType, description } = await undoableCreate(async (created) => {
    const { projectName } = await resolveProject(ctx, project, { created, suggestedName });
    // A project created just now gets its first dataset: train, without asking.
    const datasetType = await resolveDatasetType(
      options.datasetType,
      created.hasProject(projectName) ? 'train' : undefined,
    );
    if (counts) await confirmMinimums(ctx, projectName, datasetType, sourceName, counts, options);
    const { lookout } = await ctx.clients();
    const description = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Creating the ${datasetType} dataset of ${projectName} from ${sourceName}`,
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
        created.dataset(projectName, datasetType);
        ctx.explorer.refreshProject(projectName, 'datasets');
        try {
          return await waitForDataset(ctx, projectName, datasetType, progress);
        } finally {
          ctx.explorer.refreshProject(projectName, 'datasets');
        }
      },
    );
    return { projectName, datasetType, description };
  });
  void vscode.window.showInformationMessage(
    `The ${datasetType} dataset of ${projectName} is ready: ${describeCounts(description)}.`,
  );
  return description;
}
