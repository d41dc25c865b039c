import { WebSocket as ReconnectingWebSocket } from 'partysocket';
import type { Broadcast } from './messages';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface CommentsSocketOptions {
  /** Keeps the connection under API Gateway's 10-minute idle timeout. */
  heartbeatMs?: number;
  minReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** A WebSocket implementation, for environments without a global one. */
  WebSocket?: typeof globalThis.WebSocket;
}

type Listener<T> = (value: T) => void;

/**
 * A WebSocket to the comments API that stays up: reconnects with capped exponential backoff
 * (partysocket), subscribes again to its topics after every reconnect, and sends a heartbeat.
 */
export class CommentsSocket {
  private readonly socket: ReconnectingWebSocket;
  private readonly topics = new Set<string>();
  private readonly messageListeners = new Set<Listener<Broadcast>>();
  private readonly stateListeners = new Set<Listener<ConnectionState>>();
  private heartbeat?: ReturnType<typeof setInterval>;
  private current: ConnectionState = 'connecting';
  private everOpened = false;

  constructor(url: string, options: CommentsSocketOptions = {}) {
    const minDelay = options.minReconnectDelayMs ?? 500;
    this.socket = new ReconnectingWebSocket(url, undefined, {
      // Jitter on the first delay spreads a crowd of clients that lost the server at once.
      minReconnectionDelay: minDelay + Math.random() * minDelay,
      maxReconnectionDelay: options.maxReconnectDelayMs ?? 30_000,
      reconnectionDelayGrowFactor: 2,
      WebSocket: options.WebSocket,
    });
    this.socket.addEventListener('open', () => {
      this.everOpened = true;
      for (const topic of this.topics) this.send({ action: 'subscribe', topic });
      this.setState('open');
    });
    this.socket.addEventListener('close', () => {
      if (this.current !== 'closed') this.setState(this.everOpened ? 'reconnecting' : 'connecting');
    });
    this.socket.addEventListener('message', (event: MessageEvent) => {
      let message: unknown;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (message && typeof message === 'object' && 'type' in message && 'timestamp' in message) {
        for (const listener of this.messageListeners) listener(message as Broadcast);
      }
    });
    this.heartbeat = setInterval(() => this.send({ action: 'ping' }), options.heartbeatMs ?? 5 * 60 * 1000);
  }

  get state(): ConnectionState {
    return this.current;
  }

  subscribe(topic: string): void {
    this.topics.add(topic);
    this.send({ action: 'subscribe', topic });
  }

  unsubscribe(topic: string): void {
    this.topics.delete(topic);
    this.send({ action: 'unsubscribe', topic });
  }

  onMessage(listener: Listener<Broadcast>): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onState(listener: Listener<ConnectionState>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** A clean close (1000); no reconnect follows. */
  close(): void {
    clearInterval(this.heartbeat);
    this.setState('closed');
    this.socket.close(1000, 'client closed');
  }

  private send(message: unknown): void {
    // While disconnected there is nothing to send to; subscriptions are replayed on open.
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private setState(state: ConnectionState): void {
    if (state === this.current) return;
    this.current = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
