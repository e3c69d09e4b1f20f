// The model detection runs on: the given one, a hosted one the user picks, or — when none is
// hosted — one the user agrees to start.
import * as vscode from 'vscode';
import type { ModelRef } from '../../explorer/refs';
import { isModelRef } from '../../explorer/refs';
import type { CommandContext } from '../context';
import { startModelAndWait } from '../model/startModelAndWait';
import { startable } from '../model/start';
import { resolveModel } from '../pickers';
import { Cancelled } from '../register';

export async function hostedModel(ctx: CommandContext, given: unknown): Promise<ModelRef> {
  if (isModelRef(given)) return given;
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
