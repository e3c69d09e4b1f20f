// Destructive actions ask first. Programmatic callers that already asked pass `{ confirmed: true }`.
import * as vscode from 'vscode';
import { boolean, fields, type Read } from './arguments';
import { Cancelled } from './register';

export const confirmOptions = fields({ confirmed: boolean });
export type ConfirmOptions = Read<typeof confirmOptions>;

export async function confirmDestructive(
  message: string,
  action: string,
  options?: ConfirmOptions,
): Promise<void> {
  if (options?.confirmed === true) return;
  const choice = await vscode.window.showWarningMessage(message, { modal: true }, action);
  if (choice !== action) throw new Cancelled();
}
