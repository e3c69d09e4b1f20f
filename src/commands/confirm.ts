// Destructive actions ask first. Programmatic callers that already asked pass `{ confirmed: true }`.
import * as vscode from 'vscode';
import { Cancelled } from './register';

export interface ConfirmOptions {
  confirmed?: boolean;
}

export async function confirmDestructive(message: string, action: string, options?: unknown): Promise<void> {
  if ((options as ConfirmOptions | undefined)?.confirmed === true) return;
  const choice = await vscode.window.showWarningMessage(message, { modal: true }, action);
  if (choice !== action) throw new Cancelled();
}
