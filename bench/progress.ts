/** One status line on stderr, rewritten in place on a terminal, plain lines otherwise. */
export class Progress {
  private readonly tty = process.stderr.isTTY;
  private readonly started = performance.now();

  update(message: string): void {
    const line = `[${((performance.now() - this.started) / 1000).toFixed(1)}s] ${message}`;
    if (this.tty) process.stderr.write(`\r\x1b[K${line}`);
    else process.stderr.write(`${line}\n`);
  }

  done(): void {
    if (this.tty) process.stderr.write('\r\x1b[K');
  }
}
