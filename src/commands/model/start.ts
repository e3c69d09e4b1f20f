// Start Model: hosts a trained model with the chosen number of inference units.
import * as vscode from 'vscode';
import type { ModelDescription } from '@aws-sdk/client-lookoutvision';
import { fields, number, type Read } from '../arguments';
import type { CommandContext } from '../context';
import { resolveModel } from '../pickers';
import { required } from '../register';
import { startModelAndWait } from './startModelAndWait';

export const startable = (status: string | undefined) => status === 'TRAINED' || status === 'HOSTING_FAILED';

/** inferenceUnits: given, it is not asked for. */
export const startOptions = fields({ inferenceUnits: number });

export async function startModel(
  ctx: CommandContext,
  arg?: unknown,
  options?: Read<typeof startOptions>,
): Promise<ModelDescription | undefined> {
  const model = await resolveModel(ctx, arg, startable, 'trained model');
  const units =
    options?.inferenceUnits ??
    Number(
      required(
        await vscode.window.showInputBox({
          title: `Start model ${model.modelVersion} of ${model.projectName}`,
          prompt: 'Inference units (each unit is billed per hour on AWS)',
          value: '1',
          validateInput: (v) => (/^[1-9][0-9]*$/.test(v) ? undefined : 'A whole number of at least 1'),
        }),
      ),
    );
  const described = await startModelAndWait(ctx, model, units);
  void vscode.window.showInformationMessage(
    described
      ? `Model ${model.modelVersion} of ${model.projectName} is hosted.`
      : `Model ${model.modelVersion} of ${model.projectName} is still starting; the view shows its progress.`,
  );
  return described;
}
