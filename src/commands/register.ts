// Registers a command so that a failure ends in the service's message with a link to the log,
// instead of an unhandled rejection. Handlers return their result for programmatic callers.
import * as vscode from 'vscode';
import { errorMessage } from '../client/errors';
import type { CommandContext } from './context';

/** Thrown when the user dismisses a picker or prompt: the command ends quietly. */
export class Cancelled extends Error {
  constructor() {
    super('Cancelled');
  }
}

export type Handler = (ctx: CommandContext, ...args: unknown[]) => Promise<unknown>;

export function registerCommand(ctx: CommandContext, id: string, handler: Handler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(ctx, ...args);
    } catch (err) {
      if (err instanceof Cancelled || err instanceof vscode.CancellationError) return undefined;
      reportFailure(ctx, id, err);
      return undefined;
    }
  });
}

export function reportFailure(ctx: CommandContext, what: string, err: unknown): void {
  const message = errorMessage(err);
  ctx.log.error(`${what}: ${message}`);
  if (err instanceof Error && err.stack) ctx.log.debug(err.stack);
  void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
    if (choice) ctx.log.show(true);
  });
}

/** Returns the value, or ends the command quietly when the user dismissed the prompt. */
export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Cancelled();
  return value;
}
