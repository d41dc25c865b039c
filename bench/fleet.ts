import { WebSocket } from 'ws';

/**
 * N real WebSocket clients, the same harness for our runtime and the references. Receipt is
 * recognised by a marker in the raw frame, so the clients cost no JSON parsing.
 */
export class Fleet {
  readonly sockets: WebSocket[] = [];
  private marker = '';
  private counts: Uint16Array = new Uint16Array(0);
  private lastAt = 0;
  private received = 0;
  /** Distinct receipts per 250 ms since `expect` was called: where a broadcast's time goes. */
  private timeline: number[] = [];
  private expectedAt = 0;
  private onAll?: () => void;

  async open(
    url: string,
    n: number,
    batch = 500,
    onOpen?: (socket: WebSocket, index: number) => Promise<void>,
  ): Promise<number> {
    const started = performance.now();
    for (let i = 0; i < n; i += batch) {
      const size = Math.min(batch, n - i);
      await Promise.all(
        Array.from(
          { length: size },
          (_, j) =>
            new Promise<void>((resolve, reject) => {
              const socket = new WebSocket(url, { perMessageDeflate: false });
              const index = i + j;
              socket.once('open', () => {
                this.sockets[index] = socket;
                socket.on('message', (data: Buffer) => this.receive(index, data));
                (onOpen ? onOpen(socket, index) : Promise.resolve()).then(resolve, reject);
              });
              socket.once('error', reject);
            }),
        ),
      );
    }
    return performance.now() - started;
  }

  /** Starts counting receipts of messages containing `marker`; resolves when `expected` distinct clients got it. */
  expect(
    marker: string,
    expected: number,
    timeoutMs: number,
  ): Promise<{ lastAt: number; received: number; duplicates: number; timeline: number[] }> {
    this.marker = marker;
    this.counts = new Uint16Array(this.sockets.length);
    this.received = 0;
    this.lastAt = 0;
    this.timeline = [];
    this.expectedAt = performance.now();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.onAll = undefined;
        let duplicates = 0;
        for (const count of this.counts) if (count > 1) duplicates += count - 1;
        resolve({ lastAt: this.lastAt, received: this.received, duplicates, timeline: this.timeline });
      };
      const timer = setTimeout(finish, timeoutMs);
      let done = false;
      // A short grace period after the last expected receipt, to catch duplicates.
      this.onAll = () => {
        if (done || this.received < expected) return;
        done = true;
        setTimeout(finish, 50);
      };
      this.onAll();
    });
  }

  private receive(index: number, data: Buffer): void {
    if (!this.marker || !data.includes(this.marker)) return;
    const before = this.counts[index]!;
    this.counts[index] = before + 1;
    if (before === 0) {
      this.received++;
      this.lastAt = performance.now();
      const bin = Math.floor((this.lastAt - this.expectedAt) / 250);
      while (this.timeline.length <= bin) this.timeline.push(0);
      this.timeline[bin]!++;
      this.onAll?.();
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      this.sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) return resolve();
            socket.once('close', () => resolve());
            socket.close();
          }),
      ),
    );
    this.sockets.length = 0;
  }
}

/** Sends and waits for one reply on a socket (subscribe). */
export function requestReply(socket: WebSocket, message: unknown): Promise<void> {
  return new Promise((resolve) => {
    socket.once('message', () => resolve());
    socket.send(JSON.stringify(message));
  });
}
