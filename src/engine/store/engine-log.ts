// The engine's log, kept in its data directory as well as given to the host's log function: every window that uses
// the engine follows this file, where the engine's stderr reaches only the process that started it.
import { closeSync, fstatSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The log file's name in the data directory; the one before it is this name + `.1`. */
export const ENGINE_LOG = 'engine.log';
/** Past this size the log is moved to `engine.log.1` (replacing the one there) and a new one begun. */
export const MAX_LOG_BYTES = 1 << 20;

/** A log line as the engine writes it, to its file and to the CLI's stderr alike: its time, then the text. */
export function timedLine(line: string): string {
  return `${new Date().toISOString()} ${line}\n`;
}

export interface EngineLogFile {
  /** The offset in the file where this engine's lines begin. */
  readonly start: number;
  /** Appends the line, with its time; a line that cannot be written, or comes after close, is dropped (a log never
   * stops the engine). */
  write(line: string): void;
  close(): void;
}

/** Opens the data directory's log for appending (owner only), moved aside first if it is already full. */
export function openEngineLog(dataDir: string, maxBytes = MAX_LOG_BYTES): EngineLogFile {
  const path = join(dataDir, ENGINE_LOG);
  const open = () => openSync(path, 'a', 0o600);
  let fd = open();
  // Without a descriptor (-1: closed, or a rotation failed), nothing is written: the old number may name another
  // file of this process by then.
  const rotate = () => {
    closeSync(fd);
    fd = -1;
    renameSync(path, `${path}.1`);
    fd = open();
  };
  if (fstatSync(fd).size >= maxBytes) rotate();
  const start = fstatSync(fd).size;
  return {
    start,
    write(line) {
      if (fd < 0) return;
      const bytes = Buffer.from(timedLine(line));
      try {
        // Another engine may append to the same file (one that starts as this one stops): read the size afresh.
        const size = fstatSync(fd).size;
        if (size > 0 && size + bytes.length > maxBytes) rotate();
        writeSync(fd, bytes);
      } catch {
        // A full disk or a removed directory: the line is lost, the engine serves on.
      }
    },
    close() {
      if (fd >= 0) closeSync(fd);
      fd = -1;
    },
  };
}
