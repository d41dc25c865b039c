import { isUtf8 } from 'node:buffer';
import { WebSocket } from 'ws';
import type { GatewayTaps } from '../console/taps';
import type { ConnectionsPort } from './connections-api';
import type { ConnectedClient } from './websocket-events';

export interface LiveConnection extends ConnectedClient {
  socket: WebSocket;
  lastActiveAt: number;
  /** Set when the runtime closes the connection, so $disconnect reports why. */
  closing?: { code: number; reason: string };
  idleTimer: NodeJS.Timeout;
  maxTimer: NodeJS.Timeout;
  /** Messages of this connection whose route is still running. */
  inFlight: number;
}

/** Close reasons as they appear in $disconnect events. */
export const CLOSE_REASONS: Record<number, string> = {
  1000: 'Connection Closed Normally',
  1001: 'Going away',
  1003: 'Binary frames are not supported',
  1005: 'Client-side close frame status not set',
  1006: 'Connection closed abnormally',
  1009: 'Message too big',
};

/**
 * The open connections and what can be done to them from outside a handshake: send (@connections
 * POST, route replies), describe, close. Handshakes and message dispatch live in the gateway.
 */
export class ConnectionRegistry implements ConnectionsPort {
  readonly connections = new Map<string, LiveConnection>();
  /** Called once the last connection is gone. */
  private readonly emptied = new Set<() => void>();
  /** Sees frames sent (the console). */
  taps?: GatewayTaps;

  constructor(private readonly maxBufferedBytes: number) {}

  add(connection: LiveConnection): void {
    this.connections.set(connection.connectionId, connection);
  }

  remove(connectionId: string): void {
    this.connections.delete(connectionId);
    if (this.connections.size === 0) for (const done of [...this.emptied]) done();
  }

  /** Closes a connection as the runtime: @connections DELETE, quotas, shutdown. */
  close(connectionId: string, code: number, reason: string): boolean {
    const connection = this.connections.get(connectionId);
    if (!connection) return false;
    connection.closing ??= { code, reason };
    connection.socket.close(code, reason);
    // A peer that never answers the close frame is dropped, as API Gateway would.
    setTimeout(() => connection.socket.terminate(), 2000).unref();
    return true;
  }

  post(connectionId: string, data: Buffer): boolean {
    const connection = this.connections.get(connectionId);
    if (!connection || connection.closing || connection.socket.readyState !== WebSocket.OPEN) return false;
    if (!this.hasRoom(connection)) return false;
    connection.socket.send(data, { binary: !isUtf8(data) });
    this.taps?.sent(connectionId, data);
    return true;
  }

  /** A route's answer to its caller (a text frame); dropped when the socket is no longer open. */
  reply(connection: LiveConnection, data: string | Buffer): void {
    if (connection.socket.readyState !== WebSocket.OPEN || !this.hasRoom(connection)) return;
    connection.socket.send(data);
    this.taps?.sent(connection.connectionId, data);
  }

  describe(connectionId: string) {
    const connection = this.connections.get(connectionId);
    return connection && !connection.closing
      ? { connectedAt: connection.connectedAt, lastActiveAt: connection.lastActiveAt, identity: connection.identity }
      : undefined;
  }

  delete(connectionId: string): boolean {
    const connection = this.connections.get(connectionId);
    if (!connection || connection.closing) return false;
    return this.close(connectionId, 1000, 'Connection deleted');
  }

  closeAll(code: number, reason: string): void {
    for (const id of [...this.connections.keys()]) this.close(id, code, reason);
  }

  /** Closes every connection, resolving once all are gone or after `graceMs` (for clients that never answer). */
  async closeAllAndWait(code: number, reason: string, graceMs: number): Promise<void> {
    this.closeAll(code, reason);
    if (this.connections.size === 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.emptied.delete(done);
        resolve();
      };
      const timer = setTimeout(done, graceMs);
      this.emptied.add(done);
    });
  }

  /**
   * A client that stopped reading is dropped rather than queued for without bound, as API Gateway
   * does; replies and @connections posts count against the same bound.
   */
  private hasRoom(connection: LiveConnection): boolean {
    if (connection.socket.bufferedAmount <= this.maxBufferedBytes) return true;
    this.close(connection.connectionId, 1001, CLOSE_REASONS[1001]!);
    return false;
  }
}
