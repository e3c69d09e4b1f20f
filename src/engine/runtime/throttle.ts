// Progress notes arrive far faster than anyone polls for them: write at most one per interval, and always
// the latest one in the end, so a stage that is followed by a long silence is still shown.

export class Throttle {
  private lastWrite = 0;
  private pending: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (note: string) => void,
    private readonly intervalMs = 500,
  ) {}

  note(text: string): void {
    this.pending = text;
    if (this.timer) return;
    const wait = this.lastWrite + this.intervalMs - Date.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait).unref();
  }

  /** Drops a note not yet written. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private flush(): void {
    this.timer = undefined;
    const text = this.pending;
    if (text === undefined) return;
    this.pending = undefined;
    this.lastWrite = Date.now();
    this.write(text);
  }
}
