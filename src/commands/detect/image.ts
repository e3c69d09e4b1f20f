// Detect Anomalies on an image (Explorer right-click on .png/.jpg/.jpeg, or the palette): the result
// opens in the detection panel with the mask over the image.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { DetectAnomalyResult } from '@aws-sdk/client-lookoutvision';
import { DetectionPanel } from '../../panels/detectionPanel';
import type { Read } from '../arguments';
import type { CommandContext } from '../context';
import { isModelRef } from '../../explorer/refs';
import { required } from '../register';
import { detectImageFile } from '../../client/detectAnomalies';
import { chooseAgent, detectImageOptions, detectWithAgent } from './agentTarget';
import { hostedModel } from './hostedModel';

export async function detectAnomaliesInImage(
  ctx: CommandContext,
  arg?: unknown,
  options?: Read<typeof detectImageOptions>,
): Promise<DetectAnomalyResult> {
  const image =
    arg instanceof vscode.Uri
      ? arg
      : required(
          await vscode.window.showOpenDialog({
            title: 'Image to check',
            filters: { Images: ['png', 'jpg', 'jpeg'] },
            defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
          }),
        )[0];
  // From the tree the hosted model is the argument and the image is asked for.
  const given = isModelRef(arg) ? arg : options?.model;
  // A local edge agent (Run Component Locally) can answer instead of a hosted model.
  const agent = await chooseAgent(given);
  if (agent) return detectWithAgent(ctx, agent, image.fsPath);
  const model = await hostedModel(ctx, isModelRef(given) ? given : undefined);
  const clients = await ctx.clients();
  const { bytes, contentType, result } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Detecting anomalies in ${basename(image.fsPath)}` },
    () => detectImageFile(clients, model, image.fsPath),
  );
  ctx.log.info(
    `${image.fsPath}: ${result.IsAnomalous ? 'anomaly' : 'normal'} (confidence ${result.Confidence}) — ${model.projectName} model ${model.modelVersion}`,
  );
  DetectionPanel.show(ctx.extension.extensionUri, ctx.panels, {
    imageName: basename(image.fsPath),
    imageBytes: bytes,
    contentType,
    model: `${model.projectName} · model ${model.modelVersion}`,
    result,
    source: { imagePath: image.fsPath, projectName: model.projectName, modelVersion: model.modelVersion },
  });
  return result;
}
