// Polls a resource until it leaves its in-progress states, reporting the status (and the service's note on
// its progress) as it goes.
import * as vscode from 'vscode';
import { isUnreachable } from '../client/errors';
import { progressMessage } from '../explorer/statusText';

/**
 * How long polls that cannot reach the service are retried before the wait fails. The local engine is shared by
 * the windows on its data directory, and one of them may stop it (Stop Engine) or it may have crashed; the next
 * poll's clients start it again (ConnectionManager.clients), and it resumes what it was doing, so the wait goes on.
 */
const UNREACHABLE_GRACE_MS = 30_000;

export interface WaitOptions<T> {
  /** One poll; it should take the clients anew each time (ctx.clients()), so that a restarted engine is reached. */
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
  let unreachableSince: number | undefined;
  for (;;) {
    let value: T;
    try {
      value = await options.poll();
      unreachableSince = undefined;
    } catch (error) {
      unreachableSince ??= Date.now();
      if (!isUnreachable(error) || Date.now() - unreachableSince > UNREACHABLE_GRACE_MS) throw error;
      if (options.token?.isCancellationRequested) return undefined;
      await new Promise((r) => setTimeout(r, interval));
      continue;
    }
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
