import type { ServerResponse } from 'node:http';
import type { Activity } from './activity';
import type { Change } from './recorder';
import { RingBuffer } from './ring-buffer';

/** How often changes go out: a burst of 10,000 frames is one message per client, not 10,000. */
const FLUSH_MS = 250;
/** Log lines sent per flush at most; the page is told how many it missed and can page back for them. */
const MAX_LINES_PER_FLUSH = 200;
/** Counters go out at least this often while a page listens, so rates fall back to 0 when all is quiet. */
const HEARTBEAT_MS = 1000;

/**
 * Server-sent events to every open console page, coalesced: changes are gathered and sent
 * together every FLUSH_MS, so the console costs the same however busy the socket is.
 */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private lines = new RingBuffer<Activity>(MAX_LINES_PER_FLUSH);
  private gathered = 0;
  private connectionsChanged = false;
  private lastCounters = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly counters: () => unknown) {}

  attach(response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    response.write(`retry: 1000\n\n`);
    this.clients.add(response);
    response.on('close', () => {
      this.clients.delete(response);
      if (this.clients.size === 0) this.stop();
    });
    this.timer ??= setInterval(() => this.flush(), FLUSH_MS).unref();
    this.send(response, 'counters', this.counters());
  }

  record(change: Change): void {
    if (this.clients.size === 0) return;
    if (change.kind === 'connections') this.connectionsChanged = true;
    else {
      this.lines.push(change.activity);
      this.gathered++;
    }
  }

  close(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.stop();
  }

  private flush(): void {
    const busy = this.gathered > 0 || this.connectionsChanged;
    if (this.gathered > 0)
      this.broadcast('log', { lines: [...this.lines.newest()].reverse(), missed: this.gathered - this.lines.size });
    if (this.connectionsChanged) this.broadcast('connections', {});
    if (busy || Date.now() - this.lastCounters >= HEARTBEAT_MS) {
      this.broadcast('counters', this.counters());
      this.lastCounters = Date.now();
    }
    this.lines = new RingBuffer<Activity>(MAX_LINES_PER_FLUSH);
    this.gathered = 0;
    this.connectionsChanged = false;
  }

  private broadcast(event: string, data: unknown): void {
    for (const client of this.clients) this.send(client, event, data);
  }

  private send(client: ServerResponse, event: string, data: unknown): void {
    client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
