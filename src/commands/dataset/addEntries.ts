// Add Dataset Entries: images from a labelled folder or a workspace manifest are added to a dataset
// (UpdateDatasetEntries; an entry with the same source-ref replaces the existing one).
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { UpdateDatasetEntriesCommand, type DatasetDescription } from '@aws-sdk/client-lookoutvision';
import type { CommandContext } from '../context';
import { resolveDataset } from '../pickers';
import { required } from '../register';
import { uploadSource, type SourceKind } from './datasetSource';
import { pickManifest } from './createFromManifest';
import { describeCounts, waitForDataset } from './waitForDataset';

export async function addDatasetEntries(
  ctx: CommandContext,
  arg?: unknown,
  sourceArg?: unknown,
): Promise<DatasetDescription> {
  const { projectName, datasetType } = await resolveDataset(ctx, arg);
  const { kind, uri } = sourceArg instanceof vscode.Uri ? await classify(sourceArg) : await pickSource();
  const { lookout } = await ctx.clients();
  const description = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Adding ${basename(uri.fsPath)} to the ${datasetType} dataset of ${projectName}`,
      cancellable: true,
    },
    async (progress, token) => {
      const { lines } = await uploadSource(ctx, projectName, datasetType, kind, uri, progress, token);
      await lookout.send(
        new UpdateDatasetEntriesCommand({
          ProjectName: projectName,
          DatasetType: datasetType,
          Changes: new TextEncoder().encode(lines.join('\n') + '\n'),
        }),
      );
      ctx.explorer.refreshProject(projectName, 'datasets');
      try {
        return await waitForDataset(ctx, projectName, datasetType, progress);
      } finally {
        ctx.explorer.refreshProject(projectName, 'datasets');
      }
    },
  );
  void vscode.window.showInformationMessage(
    `The ${datasetType} dataset of ${projectName} now has ${describeCounts(description)}.`,
  );
  return description;
}

async function classify(uri: vscode.Uri): Promise<{ kind: SourceKind; uri: vscode.Uri }> {
  const stat = await vscode.workspace.fs.stat(uri);
  return { kind: stat.type & vscode.FileType.Directory ? 'folder' : 'manifest', uri };
}

async function pickSource(): Promise<{ kind: SourceKind; uri: vscode.Uri }> {
  const sources: (vscode.QuickPickItem & { source: SourceKind })[] = [
    { label: 'From a manifest file…', source: 'manifest' },
    { label: 'From a folder with normal/ and anomaly/…', source: 'folder' },
  ];
  const choice = required(await vscode.window.showQuickPick(sources, { title: 'Add entries' }));
  if (choice.source === 'manifest') return { kind: 'manifest', uri: await pickManifest() };
  const folder = required(
    await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false }),
  );
  return { kind: 'folder', uri: folder[0] };
}
