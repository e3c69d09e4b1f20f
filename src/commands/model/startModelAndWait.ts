// StartModel, then wait for HOSTED (shared by "Start Model" and "Detect Anomalies" when no model runs).
import { StartModelCommand, type ModelDescription } from '@aws-sdk/client-lookoutvision';
import type { ModelRef } from '../../explorer/refs';
import type { CommandContext } from '../context';
import { waitForModel } from './waitForModel';

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
  const described = await waitForModel(ctx, model, {
    inProgress: 'STARTING_HOSTING',
    title: `Starting model ${modelVersion} of ${projectName}`,
    cancellable: true,
  });
  if (!described) return undefined;
  if (described.Status !== 'HOSTED') {
    throw new Error(
      `Model ${modelVersion} of ${projectName} did not start: ${described.StatusMessage ?? described.Status}`,
    );
  }
  return described;
}
