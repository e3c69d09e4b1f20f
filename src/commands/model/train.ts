// Train Model: CreateModel with output in the project's bucket, then wait (in a cancellable
// notification — cancelling only stops waiting) until training ends. A failed training offers to
// delete the failed model.
import * as vscode from 'vscode';
import { CreateModelCommand, type ModelDescription } from '@aws-sdk/client-lookoutvision';
import { fields, string, type Read } from '../arguments';
import type { CommandContext } from '../context';
import { resolveProject } from '../pickers';
import { projectBucket } from '../projectBucket';
import { undoableCreate } from '../undoableCreate';
import { waitForModel } from './waitForModel';

/** Where the model's output goes (else the project's bucket, under models/), and its description. */
export const trainOptions = fields({ description: string, outputBucket: string, outputPrefix: string });
type TrainOptions = Read<typeof trainOptions>;

export async function trainModel(
  ctx: CommandContext,
  arg?: unknown,
  options?: TrainOptions,
): Promise<ModelDescription | undefined> {
  const { projectName } = await resolveProject(ctx, arg);
  const { lookout } = await ctx.clients();
  const bucket = options?.outputBucket ?? (await projectBucket(ctx, projectName));
  const { version, model } = await undoableCreate(async (created) => {
    const out = await lookout.send(
      new CreateModelCommand({
        ProjectName: projectName,
        OutputConfig: { S3Location: { Bucket: bucket, Prefix: options?.outputPrefix ?? 'models/' } },
        ...(options?.description ? { Description: options.description } : {}),
      }),
    );
    const version = out.ModelMetadata?.ModelVersion ?? '';
    created.model(projectName, version);
    const model = await waitForModel(
      ctx,
      { projectName, modelVersion: version },
      { inProgress: 'TRAINING', title: `Training model ${version} of ${projectName}`, cancellable: true },
    );
    if (model && model.Status !== 'TRAINED') {
      throw new Error(
        `Training model ${version} of ${projectName} failed: ${model.StatusMessage ?? model.Status}`,
      );
    }
    return { version, model };
  });
  if (!model) {
    void vscode.window.showInformationMessage(
      `Model ${version} of ${projectName} is still training; the view shows its progress.`,
    );
    return undefined;
  }
  const f1 = model.Performance?.F1Score;
  void vscode.window
    .showInformationMessage(
      `Model ${version} of ${projectName} trained${f1 === undefined ? '' : `: F1 ${f1.toFixed(3)}`}.`,
      'Show Metrics',
    )
    .then((choice) => {
      if (choice)
        void vscode.commands.executeCommand('lookoutVision.model.showMetrics', {
          projectName,
          modelVersion: version,
        });
    });
  return model;
}
