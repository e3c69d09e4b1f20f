// Detect Anomalies in Folder: every PNG/JPEG of a folder (recursively), in a cancellable progress
// notification; each verdict goes to the log and to the results panel, which opens as the run starts; the
// summary ends the run.
import * as vscode from 'vscode';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { CommandContext } from '../context';
import { errorMessage } from '../../client/errors';
import { folderDetection, type FolderDetection } from '../../panels/detectionResults';
import { FolderDetectionPanel } from '../../panels/folderDetectionPanel';
import { isModelRef } from '../../explorer/refs';
import { required } from '../register';
import { detectImageFile } from '../../client/detectAnomalies';
import { hostedModel, type DetectOptions } from './hostedModel';

export type { FolderDetection };

export async function detectAnomaliesInFolder(
  ctx: CommandContext,
  arg?: unknown,
  options?: DetectOptions,
): Promise<FolderDetection[]> {
  const folder =
    arg instanceof vscode.Uri
      ? arg
      : required(
          await vscode.window.showOpenDialog({
            canSelectFolders: true,
            canSelectFiles: false,
            title: 'Folder of images',
          }),
        )[0];
  const files = await listImages(folder.fsPath);
  if (files.length === 0)
    throw new Error(`${vscode.workspace.asRelativePath(folder)} holds no PNG or JPEG images`);
  // From the tree the hosted model is the argument and the image is asked for.
  const model = await hostedModel(ctx, isModelRef(arg) ? arg : options?.model);
  const clients = await ctx.clients();
  const results: FolderDetection[] = [];
  const panel = FolderDetectionPanel.start(ctx.extension.extensionUri, ctx.panels, folder.fsPath, model, () =>
    ctx.clients(),
  );
  const cancelled = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Detecting anomalies in ${files.length} images`,
      cancellable: true,
    },
    async (progress, token) => {
      for (const file of files) {
        if (token.isCancellationRequested) return true;
        const name = relative(folder.fsPath, file);
        progress.report({ message: name, increment: 100 / files.length });
        try {
          const { result } = await detectImageFile(clients, model, file);
          const detection = folderDetection(file, result);
          results.push(detection);
          panel.add(detection, result);
          ctx.log.info(
            `${name}: ${result.IsAnomalous ? 'ANOMALY' : 'normal'} (confidence ${result.Confidence?.toFixed(3)})`,
          );
        } catch (err) {
          const failed = { file, error: errorMessage(err) };
          results.push(failed);
          panel.add(failed);
          ctx.log.error(`${name}: ${errorMessage(err)}`);
        }
      }
      return false;
    },
  );
  const anomalous = results.filter((r) => r.isAnomalous).length;
  const failed = results.filter((r) => r.error).length;
  const summary =
    `${cancelled ? 'Cancelled after' : 'Checked'} ${results.length} of ${files.length} images: ${anomalous} anomalous` +
    (failed ? `, ${failed} failed` : '') +
    '.';
  void vscode.window.showInformationMessage(summary, 'Show Log').then((c) => c && ctx.log.show(true));
  panel.finish(summary);
  return results;
}

async function listImages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(png|jpe?g)$/i.test(e.name))
    .map((e) => join(e.parentPath ?? dir, e.name))
    .sort();
}
