// Polls a resource until it leaves its in-progress states, reporting the status (and the service's note on
// its progress) as it goes.
import * as vscode from 'vscode';
import { progressMessage } from '../explorer/statusText';

export interface WaitOptions<T> {
  poll: () => Promise<T>;
  statusOf: (value: T) => string | undefined;
  /** The service's word on how far it has got (a StatusMessage), shown with the status. */
  messageOf?: (value: T) => string | undefined;
  done: (status: string | undefined) => boolean;
  progress: vscode.Progress<{ message?: string }>;
  token?: vscode.CancellationToken;
  intervalMs?: number;
}

/** Resolves with the last polled value once `done`, or with undefined if the user stopped waiting. */
export async function waitForStatus<T>(options: WaitOptions<T>): Promise<T | undefined> {
  const interval = options.intervalMs ?? 1000;
  for (;;) {
    const value = await options.poll();
    const status = options.statusOf(value);
    options.progress.report({ message: progressMessage(status, options.messageOf?.(value)) });
    if (options.done(status)) return value;
    if (options.token?.isCancellationRequested) return undefined;
    await new Promise((r) => setTimeout(r, interval));
  }
}

export interface NotificationWaitOptions<T> extends Omit<WaitOptions<T>, 'progress' | 'token'> {
  title: string;
  /** Cancelling only stops waiting: the operation goes on in the service. */
  cancellable: boolean;
}

/** waitForStatus with the status shown in a notification. */
export async function waitInNotification<T>({
  title,
  cancellable,
  ...wait
}: NotificationWaitOptions<T>): Promise<T | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable },
    (progress, token) => waitForStatus({ ...wait, progress, token }),
  );
}
