// The model detection runs on: the given one, a hosted one the user picks, or — when none is
// hosted — one the user agrees to start.
import * as vscode from 'vscode';
import type { ModelRef } from '../../explorer/refs';
import { isModelRef } from '../../explorer/refs';
import { ArgumentError, fields, type Read, type Reader } from '../arguments';
import type { CommandContext } from '../context';
import { startModelAndWait } from '../model/startModelAndWait';
import { startable } from '../model/start';
import { resolveModel } from '../pickers';
import { Cancelled } from '../register';

/** A model, { projectName, modelVersion }. */
export const modelRef: Reader<ModelRef> = (v, name) => {
  if (isModelRef(v)) return v;
  throw new ArgumentError(`${name} must be a model: { projectName, modelVersion }`);
};

/** model: the model to detect with (started first if it is not hosted). */
export const detectOptions = fields({ model: modelRef });
export type DetectOptions = Read<typeof detectOptions>;

export async function hostedModel(ctx: CommandContext, given: ModelRef | undefined): Promise<ModelRef> {
  if (given) return given;
  try {
    return await resolveModel(ctx, undefined, (s) => s === 'HOSTED', 'running model');
  } catch (err) {
    if (
      err instanceof Cancelled ||
      !(err instanceof Error) ||
      !err.message.startsWith('There is no running model')
    )
      throw err;
  }
  const choice = await vscode.window.showInformationMessage(
    'No model is running. Start one to detect anomalies?',
    { modal: true },
    'Start a Model',
  );
  if (choice !== 'Start a Model') throw new Cancelled();
  const model = await resolveModel(ctx, undefined, startable, 'trained model');
  if (!(await startModelAndWait(ctx, model, 1))) throw new Cancelled();
  return model;
}
