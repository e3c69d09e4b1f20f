// Create Dataset from Folder: `normal/` and `anomaly/` subfolders (optional `masks/`) become a dataset.
// Reachable from the tree (project), the Explorer (folder) and the palette.
import * as vscode from 'vscode';
import { required } from '../register';
import { createFromSourceCommand } from './createFromSource';

export const createDatasetFromFolder = createFromSourceCommand('folder', pickFolder);

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
