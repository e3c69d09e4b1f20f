// Stop Model: stops hosting (back to TRAINED).
import * as vscode from 'vscode';
import { StopModelCommand, type ModelDescription } from '@aws-sdk/client-lookoutvision';
import type { CommandContext } from '../context';
import { resolveModel } from '../pickers';
import { waitForModel } from './waitForModel';

export async function stopModel(ctx: CommandContext, arg?: unknown): Promise<ModelDescription | undefined> {
  const model = await resolveModel(ctx, arg, (s) => s === 'HOSTED', 'running model');
  const { projectName, modelVersion } = model;
  const { lookout } = await ctx.clients();
  await lookout.send(new StopModelCommand({ ProjectName: projectName, ModelVersion: modelVersion }));
  const described = await waitForModel(ctx, model, {
    inProgress: 'STOPPING_HOSTING',
    title: `Stopping model ${modelVersion} of ${projectName}`,
    cancellable: false,
  });
  void vscode.window.showInformationMessage(`Model ${modelVersion} of ${projectName} stopped.`);
  return described;
}
