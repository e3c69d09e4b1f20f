// Export Dataset: every entry (ListDatasetEntries, all pages) saved as a `.manifest` file.
import * as vscode from 'vscode';
import { paginateListDatasetEntries } from '@aws-sdk/client-lookoutvision';
import type { CommandContext } from '../context';
import { resolveDataset } from '../pickers';
import { required } from '../register';

export async function exportDataset(
  ctx: CommandContext,
  arg?: unknown,
  targetArg?: unknown,
): Promise<vscode.Uri> {
  const { projectName, datasetType } = await resolveDataset(ctx, arg);
  const target =
    targetArg instanceof vscode.Uri
      ? targetArg
      : required(
          await vscode.window.showSaveDialog({
            title: 'Export dataset',
            filters: { Manifest: ['manifest'] },
            defaultUri: vscode.workspace.workspaceFolders?.[0]
              ? vscode.Uri.joinPath(
                  vscode.workspace.workspaceFolders[0].uri,
                  `${projectName}-${datasetType}.manifest`,
                )
              : undefined,
          }),
        );
  const { lookout } = await ctx.clients();
  const lines: string[] = [];
  for await (const page of paginateListDatasetEntries(
    { client: lookout },
    { ProjectName: projectName, DatasetType: datasetType },
  )) {
    lines.push(...(page.DatasetEntries ?? []));
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(lines.map((l) => l + '\n').join('')));
  void vscode.window.showInformationMessage(
    `Exported ${lines.length} entries to ${vscode.workspace.asRelativePath(target)}.`,
  );
  return target;
}
