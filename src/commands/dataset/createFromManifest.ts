// Create Dataset from Manifest: a `.manifest` file from the workspace (local image paths are uploaded).
import * as vscode from 'vscode';
import type { DatasetDescription } from '@aws-sdk/client-lookoutvision';
import type { CommandContext } from '../context';
import { required } from '../register';
import { createDatasetFromSource } from './createFromSource';

export async function createDatasetFromManifest(
  ctx: CommandContext,
  arg?: unknown,
  manifestArg?: unknown,
  options?: unknown,
): Promise<DatasetDescription> {
  const manifest =
    arg instanceof vscode.Uri ? arg : manifestArg instanceof vscode.Uri ? manifestArg : await pickManifest();
  const project = arg instanceof vscode.Uri ? manifestArg : arg;
  return createDatasetFromSource(ctx, 'manifest', project, manifest, options);
}

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
