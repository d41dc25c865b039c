import { type ServerResponse, createServer, request } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { SentAnswers } from '../../src/runtime/gateway/sent-answers';

/** A response that records what is written to it. */
function response(destroyed = false) {
  const calls: unknown[][] = [];
  const fake = {
    destroyed,
    writeHead: (...args: unknown[]) => calls.push(['writeHead', ...args]),
    end: () => calls.push(['end']),
  };
  return { fake: fake as unknown as ServerResponse, calls };
}

const afterTheRound = () => new Promise((resolve) => setImmediate(resolve));

describe('the answers of delivered @connections posts', () => {
  it('are written once the round is over, each a 200 with an empty body', async () => {
    const answers = new SentAnswers();
    const first = response();
    const second = response();
    answers.add(first.fake);
    answers.add(second.fake);
    expect(first.calls).toEqual([]);
    await afterTheRound();
    for (const { calls } of [first, second])
      expect(calls).toEqual([['writeHead', 200, { 'Content-Length': 0 }], ['end']]);
  });

  it('skips a caller that hung up before its answer, and answers the others', async () => {
    const answers = new SentAnswers();
    const gone = response(true);
    const here = response();
    answers.add(gone.fake);
    answers.add(here.fake);
    await afterTheRound();
    expect(gone.calls).toEqual([]);
    expect(here.calls).toHaveLength(2);
  });

  it('reach a caller over a real keep-alive socket after its handler has returned', async () => {
    const answers = new SentAnswers();
    const server = createServer((incoming, outgoing) => {
      incoming.resume();
      incoming.on('end', () => answers.add(outgoing));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const post = () =>
      new Promise<{ status?: number; body: string }>((resolve, reject) => {
        const call = request({ host: '127.0.0.1', port, method: 'POST', path: '/@connections/abc' }, (answer) => {
          let body = '';
          answer.on('data', (chunk: Buffer) => (body += chunk.toString()));
          answer.on('end', () => resolve({ status: answer.statusCode, body }));
        });
        call.on('error', reject);
        call.end('hello');
      });
    try {
      expect(await Promise.all([post(), post(), post()])).toEqual(Array(3).fill({ status: 200, body: '' }));
      expect(await post()).toEqual({ status: 200, body: '' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("keep the order of a socket's answers when a later request is answered at once", async () => {
    const answers = new SentAnswers();
    const server = createServer((incoming, outgoing) => {
      incoming.resume();
      incoming.on('end', () => {
        if (incoming.url === '/@connections/here') return answers.add(outgoing);
        outgoing.writeHead(410, { 'Content-Length': 0 });
        outgoing.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const post = (path: string) => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\nhi`;
    try {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      const statuses = new Promise<string[]>((resolve) => {
        socket.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const found = text.match(/HTTP\/1\.1 \d+/g) ?? [];
          if (found.length === 3) resolve(found);
        });
      });
      // Pipelined: the gone one comes second and is answered at once; the sent ones wait for the round.
      socket.write(post('/@connections/here') + post('/@connections/gone') + post('/@connections/here'));
      expect(await statuses).toEqual(['HTTP/1.1 200', 'HTTP/1.1 410', 'HTTP/1.1 200']);
      socket.destroy();
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
