// A window's view of the local engine's log: the data directory's engine.log (src/engine/store/engine-log.ts),
// followed into the window's output channel, so that a window sees the engine's lines whichever window started it.
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type * as vscode from 'vscode';

/** How often the file is looked at. */
export const FOLLOW_INTERVAL_MS = 500;
/** A window that joins a running engine first shows about this much of the log's end. */
export const TAIL_BYTES = 8192;

export type LogSink = Pick<vscode.OutputChannel, 'append'>;

/**
 * Appends the complete lines written to `path` from `from` on (a byte offset; 'tail': the last TAIL_BYTES, from the
 * first whole line) to `out`, until disposed. A file that shrinks was moved aside and begun anew: it is read from its
 * start. A file not there yet is waited for.
 */
export function followEngineLog(path: string, from: number | 'tail', out: LogSink): vscode.Disposable {
  let position: number | undefined = from === 'tail' ? undefined : from;
  let skipToLine = false;
  const decoder = new StringDecoder('utf8');
  let partial = '';
  let busy = false;
  const poll = async () => {
    if (busy) return;
    busy = true;
    try {
      const { size } = await stat(path);
      if (position === undefined) {
        position = Math.max(0, size - TAIL_BYTES);
        skipToLine = position > 0;
      }
      if (size < position) {
        position = 0;
        partial = '';
      }
      if (size === position) return;
      const file = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(size - position);
        const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
        position += bytesRead;
        let text = partial + decoder.write(buffer.subarray(0, bytesRead));
        if (skipToLine) {
          const newline = text.indexOf('\n');
          if (newline < 0) {
            partial = '';
            return;
          }
          text = text.slice(newline + 1);
          skipToLine = false;
        }
        const end = text.lastIndexOf('\n') + 1;
        partial = text.slice(end);
        if (end > 0) out.append(text.slice(0, end));
      } finally {
        await file.close();
      }
    } catch {
      // Not there yet, or moved aside between the look and the read: the next look tells.
    } finally {
      busy = false;
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), FOLLOW_INTERVAL_MS);
  timer.unref();
  return { dispose: () => clearInterval(timer) };
}
