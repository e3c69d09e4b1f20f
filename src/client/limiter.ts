// Runs async work a few at a time: calls to a remote endpoint (thumbnails, detections) stay within a bound however
// many are asked for at once, and the rest wait their turn in order.
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((ok) => this.waiting.push(ok));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
