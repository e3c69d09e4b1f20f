// Create Dataset from Manifest: a `.manifest` file from the workspace (local image paths are uploaded).
// Reachable from the tree (project), the Explorer (manifest file) and the palette.
import * as vscode from 'vscode';
import { required } from '../register';
import { createFromSourceCommand } from './createFromSource';

export const createDatasetFromManifest = createFromSourceCommand('manifest', pickManifest);

export async function pickManifest(): Promise<vscode.Uri> {
  const files = await vscode.workspace.findFiles('**/*.manifest', '**/node_modules/**', 200);
  if (files.length === 0) throw new Error('There is no .manifest file in the workspace');
  const picked = required(
    await vscode.window.showQuickPick(
      files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
      { title: 'Manifest file' },
    ),
  );
  return picked.uri;
}
