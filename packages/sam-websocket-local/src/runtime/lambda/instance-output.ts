import { Writable } from 'node:stream';

/** Per invocation, at most this much of a function's output is kept for the console (all of it still goes out). */
const MAX_KEPT_CHARS = 16 * 1024;

/**
 * One instance's stdout and stderr: passed on to the runtime's output as they come, and kept,
 * bounded, for the invocation running on the instance. An instance runs one invocation at a time,
 * so what it writes between two `begin()` calls is that invocation's. The array keeps filling
 * after the result is in: a worker thread's output can arrive just after its result message.
 */
export class InstanceOutput extends Writable {
  private lines: string[] = [];
  /** Bytes received since `begin()`, and who waits for a count of them (see `settled`). */
  private received = 0;
  private waiting?: { bytes: number; resolve: () => void };
  private kept = 0;
  private partial = '';

  constructor(private readonly output: NodeJS.WritableStream) {
    super();
  }

  /** A new invocation starts on this instance: its lines go to the array answered. */
  begin(): string[] {
    this.flushPartial();
    this.lines = [];
    this.kept = 0;
    this.received = 0;
    this.waiting?.resolve();
    this.waiting = undefined;
    return this.lines;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.output.write(chunk);
    this.keep(chunk.toString('utf8'));
    this.received += chunk.byteLength;
    if (this.waiting && this.received >= this.waiting.bytes) {
      this.waiting.resolve();
      this.waiting = undefined;
    }
    done();
  }

  /**
   * Resolves once `bytes` of this invocation's output are in (at once when unknown), or after
   * `capMs` however much arrived: the lines of the invocation are then all in `begin()`'s array.
   */
  settled(bytes: number | undefined, capMs = 1000): Promise<void> {
    if (bytes === undefined || this.received >= bytes) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(finish, capMs);
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      this.waiting?.resolve();
      this.waiting = { bytes, resolve: finish };
    });
  }

  private keep(text: string): void {
    if (this.kept >= MAX_KEPT_CHARS) return;
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop()!;
    for (const line of parts) this.add(line);
    if (this.partial.length > MAX_KEPT_CHARS) this.flushPartial();
  }

  private flushPartial(): void {
    if (this.partial) this.add(this.partial);
    this.partial = '';
  }

  private add(line: string): void {
    if (this.kept >= MAX_KEPT_CHARS) return;
    const room = MAX_KEPT_CHARS - this.kept;
    const kept = line.length > room ? `${line.slice(0, room)}… (output cut at ${MAX_KEPT_CHARS} characters)` : line;
    this.lines.push(kept);
    this.kept += kept.length;
  }
}
