import type { ConnectionsPort } from '../gateway/connections-api';
import type { ConnectedClient } from '../gateway/websocket-events';
import { BadRequest } from './bad-request';

/** What the console needs of the gateway: the open connections, and the calls @connections makes. */
export interface ConsoleGateway extends ConnectionsPort {
  readonly connections: ReadonlyMap<string, ConnectedClient & { lastActiveAt: number; inFlight: number }>;
  close(connectionId: string, code: number, reason: string): boolean;
}

export interface ConnectionsPage {
  /** Open connections in all. */
  total: number;
  /** Of which match the search. */
  matched: number;
  offset: number;
  now: number;
  items: ConnectionRow[];
}

export interface ConnectionRow {
  connectionId: string;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string;
  authorizer?: Record<string, unknown>;
  messagesIn: number;
  messagesOut: number;
  inFlight: number;
}

/** One page of the open connections, newest first, searched by id, source IP, user agent or authorizer context. */
export function connectionsPage(
  gateway: ConsoleGateway,
  messages: ReadonlyMap<string, { in: number; out: number }>,
  query: { offset: number; limit: number; search: string },
): ConnectionsPage {
  const needle = query.search.trim().toLowerCase();
  const all = [...gateway.connections.values()].reverse();
  const found = needle
    ? all.filter((connection) =>
        [
          connection.connectionId,
          connection.identity.sourceIp,
          connection.identity.userAgent,
          connection.authorizer ? JSON.stringify(connection.authorizer) : '',
        ].some((text) => text.toLowerCase().includes(needle)),
      )
    : all;
  const items = found.slice(query.offset, query.offset + query.limit).map((connection) => {
    const counts = messages.get(connection.connectionId);
    return {
      connectionId: connection.connectionId,
      connectedAt: connection.connectedAt,
      lastActiveAt: connection.lastActiveAt,
      sourceIp: connection.identity.sourceIp,
      userAgent: connection.identity.userAgent,
      authorizer: connection.authorizer,
      messagesIn: counts?.in ?? 0,
      messagesOut: counts?.out ?? 0,
      inFlight: connection.inFlight,
    };
  });
  return { total: gateway.connections.size, matched: found.length, offset: query.offset, now: Date.now(), items };
}

/**
 * Close codes a server may send (RFC 6455 §7.4): 1000–1003 and 1007–1014 defined by the protocol,
 * 3000–4999 for libraries and applications. 1004–1006 and 1015 are never sent on the wire.
 */
export function closeCode(value: unknown): number {
  const code = Number(value ?? 1000);
  const valid =
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999));
  if (!valid) throw new BadRequest(`close code ${String(value)} cannot be sent: use 1000–1003, 1007–1014 or 3000–4999`);
  return code;
}

/** A close frame's reason is at most 123 bytes (125 less the code). */
export function closeReason(value: unknown): string {
  const reason = value === undefined ? 'Closed from the console' : String(value);
  if (Buffer.byteLength(reason) > 123) throw new BadRequest('the close reason is longer than 123 bytes');
  return reason;
}
