// Registers a command so that a failure ends in the service's message with a link to the log,
// instead of an unhandled rejection. Handlers return their result for programmatic callers. When the
// failed command had created something, the message offers to delete it.
import * as vscode from 'vscode';
import { errorMessage } from '../client/errors';
import type { CommandContext } from './context';
import { FailedAfterCreating } from './undoableCreate';

/** Thrown when the user dismisses a picker or prompt: the command ends quietly. */
export class Cancelled extends Error {
  constructor() {
    super('Cancelled');
  }
}

/**
 * A command: the context, then its target (a tree node, an Explorer URI, or nothing from the palette); arguments
 * after the target reach a handler only through withArguments (arguments.ts), read to the types it declares.
 */
export type Handler = (ctx: CommandContext, target?: unknown, ...rest: unknown[]) => Promise<unknown>;

function isCancellation(err: unknown): boolean {
  return err instanceof Cancelled || err instanceof vscode.CancellationError;
}

export function registerCommand(ctx: CommandContext, id: string, handler: Handler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(ctx, ...args);
    } catch (err) {
      // A cancelled create flow that had created something is a FailedAfterCreating: it is reported.
      if (!isCancellation(err)) reportFailure(ctx, id, err);
      return undefined;
    }
  });
}

export function reportFailure(ctx: CommandContext, what: string, err: unknown): void {
  const created = err instanceof FailedAfterCreating ? err.created : [];
  const failure = err instanceof FailedAfterCreating ? err.failure : err;
  const cancelled = isCancellation(failure);
  const left = created.map((c) => c.undo.title.replace(/^Delete /, '')).join(', ');
  const message = cancelled
    ? `Cancelled; ${left} had already been created.`
    : errorMessage(failure) + (left ? ` (${left} had been created before this failed.)` : '');
  if (!cancelled) {
    ctx.log.error(`${what}: ${message}`);
    if (failure instanceof Error && failure.stack) ctx.log.debug(failure.stack);
  }
  // The first button is the notification's primary action: the undo, when there is one.
  const actions = [...created.map((c) => c.undo.title), ...(cancelled ? [] : ['Show Log'])];
  const shown = cancelled
    ? vscode.window.showInformationMessage(message, ...actions)
    : vscode.window.showErrorMessage(message, ...actions);
  void shown.then((choice) => {
    const undo = created.find((c) => c.undo.title === choice)?.undo;
    if (undo) void vscode.commands.executeCommand(undo.command, ...(undo.arguments ?? []));
    else if (choice) ctx.log.show(true);
  });
}

/** Returns the value, or ends the command quietly when the user dismissed the prompt. */
export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Cancelled();
  return value;
}
