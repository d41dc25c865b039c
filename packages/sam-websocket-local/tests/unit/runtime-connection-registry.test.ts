import { WebSocket } from 'ws';
import { ConnectionRegistry, type LiveConnection } from '../../src/runtime/gateway/connection-registry';

/** A connection whose socket records what the registry does to it. */
function connection(connectionId: string, bufferedAmount = 0) {
  const sent: unknown[] = [];
  const closed: Array<[number, string]> = [];
  const socket = {
    readyState: WebSocket.OPEN,
    bufferedAmount,
    send: (data: unknown) => sent.push(data),
    close: (code: number, reason: string) => closed.push([code, reason]),
    terminate: () => undefined,
  };
  const live = { connectionId, socket, inFlight: 0 } as unknown as LiveConnection;
  return { live, sent, closed };
}

describe('the connection registry (the ConnectionsPort)', () => {
  it('posts to an open connection and answers false for one it does not hold', () => {
    const registry = new ConnectionRegistry(1024);
    const a = connection('a');
    registry.add(a.live);
    expect(registry.post('a', Buffer.from('hi'))).toBe(true);
    expect(a.sent).toHaveLength(1);
    expect(registry.post('gone', Buffer.from('hi'))).toBe(false);
  });

  it('drops a client that stopped reading with 1001 instead of queueing past the bound', () => {
    const registry = new ConnectionRegistry(1024);
    const slow = connection('slow', 4096);
    registry.add(slow.live);
    expect(registry.post('slow', Buffer.from('x'))).toBe(false);
    expect(slow.sent).toEqual([]);
    expect(slow.closed).toEqual([[1001, 'Going away']]);
  });

  it('describes and deletes only connections not already closing', () => {
    const registry = new ConnectionRegistry(1024);
    const a = connection('a');
    registry.add(a.live);
    expect(registry.delete('a')).toBe(true);
    expect(a.closed).toEqual([[1000, 'Connection deleted']]);
    expect(registry.describe('a')).toBeUndefined();
    expect(registry.delete('a')).toBe(false);
  });

  it('closeAllAndWait resolves once the last connection is removed', async () => {
    const registry = new ConnectionRegistry(1024);
    const a = connection('a');
    registry.add(a.live);
    let done = false;
    const waiting = registry.closeAllAndWait(1001, 'Going away', 60_000).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    expect(a.closed).toEqual([[1001, 'Going away']]);
    registry.remove('a');
    await waiting;
    expect(done).toBe(true);
  });
});
