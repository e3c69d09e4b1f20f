// Stop Model: stops hosting (back to TRAINED).
import * as vscode from 'vscode';
import { DescribeModelCommand, StopModelCommand, type ModelDescription } from '@aws-sdk/client-lookoutvision';
import type { CommandContext } from '../context';
import { resolveModel } from '../pickers';
import { waitForStatus } from '../waitForStatus';

export async function stopModel(ctx: CommandContext, arg?: unknown): Promise<ModelDescription | undefined> {
  const { projectName, modelVersion } = await resolveModel(ctx, arg, (s) => s === 'HOSTED', 'running model');
  const { lookout } = await ctx.clients();
  await lookout.send(new StopModelCommand({ ProjectName: projectName, ModelVersion: modelVersion }));
  ctx.explorer.refresh();
  const described = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Stopping model ${modelVersion} of ${projectName}`,
    },
    (progress) =>
      waitForStatus({
        poll: async () =>
          (
            await lookout.send(
              new DescribeModelCommand({ ProjectName: projectName, ModelVersion: modelVersion }),
            )
          ).ModelDescription ?? {},
        statusOf: (m) => m.Status,
        done: (status) => status !== 'STOPPING_HOSTING',
        progress,
      }),
  );
  ctx.explorer.refresh();
  void vscode.window.showInformationMessage(`Model ${modelVersion} of ${projectName} stopped.`);
  return described;
}
