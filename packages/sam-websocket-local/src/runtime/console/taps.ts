import type { Invocation } from '../lambda/function-pool';

/**
 * What the gateway tells an observer (the console) as it works. Calls are synchronous and cheap:
 * an observer records and returns, it never changes what the gateway does.
 */
export interface GatewayTaps {
  opened(connectionId: string): void;
  closed(connectionId: string, code: number, reason: string): void;
  /** A text frame a client sent, before route selection. */
  received(connectionId: string, data: Buffer): void;
  /** A frame sent to a client: a route's reply or an @connections post. */
  sent(connectionId: string, data: string | Buffer): void;
  /** A message refused with "Too Many Requests" (the connection's messages in flight at the quota). */
  refused(connectionId: string): void;
}

/** Every invocation of every function, whoever asked for it (a route, REST, the Invoke API, the console). */
export type InvocationTap = (functionId: string, event: unknown, invocation: Invocation) => void;
