import type { WebSocketApiSpec } from '../../template/application';
import { selectRouteKey } from '../gateway/route-selection';
import type { Invocation } from '../lambda/function-pool';
import { type Activity, type ActivityDetail, keptText, summary } from './activity';
import { Counters } from './counters';
import { summarizeInvocation } from './invocation-summary';
import { RingBuffer } from './ring-buffer';
import type { GatewayTaps } from './taps';

/** Entries the live log keeps; older ones are dropped (the log's memory is bounded). */
export const LOG_CAPACITY = 1000;

export type Change = { kind: 'activity'; activity: Activity } | { kind: 'connections' };

/**
 * Turns what the gateway and the functions report into the console's log, per-connection message
 * counts and counters. Records and returns: it never slows or changes the work it watches.
 */
export class Recorder implements GatewayTaps {
  readonly log = new RingBuffer<ActivityDetail>(LOG_CAPACITY);
  readonly counters = new Counters();
  /** Messages in and out per open connection. */
  readonly messages = new Map<string, { in: number; out: number }>();
  private nextId = 1;

  constructor(
    private readonly api: WebSocketApiSpec,
    private readonly changed: (change: Change) => void,
  ) {}

  opened(connectionId: string): void {
    this.messages.set(connectionId, { in: 0, out: 0 });
    this.add({ kind: 'connection', direction: 'open', connectionId });
    this.changed({ kind: 'connections' });
  }

  closed(connectionId: string, code: number, reason: string): void {
    this.messages.delete(connectionId);
    this.add({ kind: 'connection', direction: 'close', connectionId, status: code, payload: reason });
    this.changed({ kind: 'connections' });
  }

  received(connectionId: string, data: Buffer): void {
    const text = data.toString('utf8');
    this.count(connectionId, 'in');
    this.add({
      kind: 'frame',
      direction: 'in',
      connectionId,
      routeKey: this.routeOf(text),
      size: data.length,
      payload: keptText(text),
    });
  }

  sent(connectionId: string, data: string | Buffer): void {
    const text = typeof data === 'string' ? data : data.toString('utf8');
    this.count(connectionId, 'out');
    this.add({ kind: 'frame', direction: 'out', connectionId, size: Buffer.byteLength(data), payload: keptText(text) });
  }

  refused(connectionId: string): void {
    this.counters.refused++;
    this.add({ kind: 'frame', direction: 'out', connectionId, status: 429, error: 'Too Many Requests' });
  }

  invoked = (functionId: string, event: unknown, invocation: Invocation): void => {
    const { outcome } = invocation;
    const payload = JSON.stringify(event) ?? 'undefined';
    this.counters.invocations++;
    if (!outcome.ok) this.counters.invocationErrors++;
    // Refused by the function's reserved concurrency: Lambda's 429, counted with the gateway's.
    if (invocation.throttled) this.counters.refused++;
    const invocationSummary = summarizeInvocation(event, invocation);
    this.add({
      kind: 'invocation',
      functionId,
      ...invocationSummary,
      durationMs: Math.round(invocation.durationMs),
      coldStart: invocation.coldStart,
      requestId: invocation.requestId,
      size: Buffer.byteLength(payload),
      payload: keptText(payload),
      result: keptText(JSON.stringify(outcome.ok ? outcome.result : outcome.error) ?? 'null'),
      logs: invocation.logs,
    });
  };

  /** One entry with its payload and logs, while the log still holds it. */
  detail(id: number): ActivityDetail | undefined {
    for (const entry of this.log.newest()) {
      if (entry.id === id) return entry;
      if (entry.id < id) return undefined;
    }
    return undefined;
  }

  private count(connectionId: string, direction: 'in' | 'out'): void {
    this.counters.frame(direction);
    const counts = this.messages.get(connectionId);
    if (counts) counts[direction]++;
  }

  private add(entry: Omit<ActivityDetail, 'id' | 'at'>): void {
    const detail: ActivityDetail = { id: this.nextId++, at: Date.now(), ...entry };
    this.log.push(detail);
    this.changed({ kind: 'activity', activity: summary(detail) });
  }

  /** The route a frame goes to, as the gateway selects it. */
  private routeOf(text: string): string {
    const key = selectRouteKey(this.api.routeSelectionExpression, text);
    return this.api.routes.has(key) || !this.api.routes.has('$default') ? key : '$default';
  }
}
