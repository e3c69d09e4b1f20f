// Create Dataset from Folder: `normal/` and `anomaly/` subfolders (optional `masks/`) become a dataset.
// Reachable from the tree (project), the Explorer (folder) and the palette.
import * as vscode from 'vscode';
import type { DatasetDescription } from '@aws-sdk/client-lookoutvision';
import type { CommandContext } from '../context';
import { required } from '../register';
import { createDatasetFromSource } from './createFromSource';

export async function createDatasetFromFolder(
  ctx: CommandContext,
  arg?: unknown,
  folderArg?: unknown,
  options?: unknown,
): Promise<DatasetDescription> {
  // From the Explorer the folder comes first; from the tree the project does.
  const folder =
    arg instanceof vscode.Uri ? arg : folderArg instanceof vscode.Uri ? folderArg : await pickFolder();
  const project = arg instanceof vscode.Uri ? folderArg : arg;
  return createDatasetFromSource(ctx, 'folder', project, folder, options);
}

async function pickFolder(): Promise<vscode.Uri> {
  const picked = required(
    await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: 'Use folder',
      title: 'Folder with normal/ and anomaly/ subfolders',
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    }),
  );
  return picked[0];
}
