// StartModel, then wait for HOSTED (shared by "Start Model" and "Detect Anomalies" when no model runs).
import * as vscode from 'vscode';
import {
  DescribeModelCommand,
  StartModelCommand,
  type ModelDescription,
} from '@aws-sdk/client-lookoutvision';
import type { ModelRef } from '../../explorer/refs';
import type { CommandContext } from '../context';
import { waitForStatus } from '../waitForStatus';

/** Resolves with the hosted model, or undefined if the user stopped waiting (the model keeps starting). */
export async function startModelAndWait(
  ctx: CommandContext,
  model: ModelRef,
  inferenceUnits: number,
): Promise<ModelDescription | undefined> {
  const { lookout } = await ctx.clients();
  const { projectName, modelVersion } = model;
  await lookout.send(
    new StartModelCommand({
      ProjectName: projectName,
      ModelVersion: modelVersion,
      MinInferenceUnits: inferenceUnits,
    }),
  );
  ctx.explorer.refresh();
  const described = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Starting model ${modelVersion} of ${projectName}`,
      cancellable: true,
    },
    (progress, token) =>
      waitForStatus({
        poll: async () =>
          (
            await lookout.send(
              new DescribeModelCommand({ ProjectName: projectName, ModelVersion: modelVersion }),
            )
          ).ModelDescription ?? {},
        statusOf: (m) => m.Status,
        done: (status) => status !== 'STARTING_HOSTING',
        progress,
        token,
      }),
  );
  ctx.explorer.refresh();
  if (!described) return undefined;
  if (described.Status !== 'HOSTED') {
    throw new Error(
      `Model ${modelVersion} of ${projectName} did not start: ${described.StatusMessage ?? described.Status}`,
    );
  }
  return described;
}
