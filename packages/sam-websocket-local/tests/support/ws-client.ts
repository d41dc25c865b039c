import { WebSocket } from 'ws';

export class HandshakeRefused extends Error {
  constructor(readonly statusCode: number) {
    super(`Handshake refused with ${statusCode}`);
  }
}

/** A real WebSocket client that keeps what it receives, for tests to wait on. */
export class TestClient {
  readonly received: unknown[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { match: (message: unknown) => boolean; resolve: (message: unknown) => void }[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString('utf8'));
      } catch {
        message = data.toString('utf8');
      }
      const waiter = this.waiters.find((candidate) => candidate.match(message));
      if (waiter) {
        this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
        waiter.resolve(message);
      } else this.received.push(message);
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once('open', () => resolve(new TestClient(socket)));
      socket.once('unexpected-response', (_request, response) =>
        reject(new HandshakeRefused(response.statusCode ?? 0)),
      );
      socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message (already received or still to come) that matches. */
  next<T = Record<string, unknown>>(match: (message: T) => boolean = () => true, timeoutMs = 30_000): Promise<T> {
    const index = this.received.findIndex((message) => match(message as T));
    if (index >= 0) return Promise.resolve(this.received.splice(index, 1)[0] as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`No matching message within ${timeoutMs} ms; got ${JSON.stringify(this.received)}`)),
        timeoutMs,
      );
      this.waiters.push({
        match: (message) => match(message as T),
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as T);
        },
      });
    });
  }

  /** Sends and waits for the reply of a two-way route. */
  async request<T = Record<string, unknown>>(message: unknown, type?: string): Promise<T> {
    const reply = this.next<T>(
      (m) =>
        typeof m === 'object' &&
        m !== null &&
        (type === undefined || (m as { type?: string }).type === type || 'message' in m),
    );
    this.send(message);
    return reply;
  }

  close(): Promise<{ code: number; reason: string }> {
    this.socket.close(1000);
    return this.closed;
  }
}
