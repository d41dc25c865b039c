import { type ChildProcess, spawn } from 'node:child_process';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { createConnectionSender, fanOut } from '@comments-websocket/shared/fanout';
import type { Progress } from '../progress';

/** A server that answers every request 200 with no body, in its own process: only the sender's CPU is counted here. */
const SERVER = `require('http').createServer((q, s) => { q.resume(); q.on('end', () => s.end()); })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;

const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret', sessionToken: 'x'.repeat(800) };
const PAYLOAD = new TextEncoder().encode('y'.repeat(1100));

export interface SenderRun {
  sends: number;
  /** CPU of this process per send (µs), lean sender and SDK client, interleaved rounds. */
  leanUs: number[];
  sdkUs: number[];
}

async function* pages(n: number) {
  for (let i = 0; i < n; i += 1000)
    yield { key: 'k', ids: Array.from({ length: Math.min(1000, n - i) }, (_, j) => `conn${i + j}AbCdEf=`) };
}

async function cpuPerSend(n: number, send: (id: string) => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  await fanOut({ recipients: pages(n), send, removeStale: async () => true, concurrency: 64 });
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

/**
 * CPU per signed PostToConnection in this process, the lean sender against the SDK's client, both
 * through the same fan-out at 64 in flight, with an 800-character session token as on Lambda.
 */
export async function senderCost(n: number, runs: number, progress: Progress): Promise<SenderRun> {
  const server: ChildProcess = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<string>((resolve) =>
      server.stdout!.once('data', (c: Buffer) => resolve(c.toString().trim())),
    );
    const endpoint = `http://127.0.0.1:${port}/development`;
    const lean = createConnectionSender({
      endpoint,
      maxSockets: 64,
      region: 'eu-west-1',
      credentials: () => CREDENTIALS,
    });
    const sdk = new ApiGatewayManagementApiClient({ endpoint, region: 'eu-west-1', credentials: CREDENTIALS });
    const viaSdk = async (id: string) =>
      void (await sdk.send(new PostToConnectionCommand({ ConnectionId: id, Data: PAYLOAD })));
    const viaLean = (id: string) => lean.post(id, PAYLOAD);
    const run: SenderRun = { sends: n, leanUs: [], sdkUs: [] };
    await cpuPerSend(Math.min(n, 2000), viaLean);
    await cpuPerSend(Math.min(n, 2000), viaSdk);
    for (let i = 0; i < runs; i++) {
      progress.update(`sender: round ${i + 1}/${runs}`);
      run.leanUs.push(await cpuPerSend(n, viaLean));
      run.sdkUs.push(await cpuPerSend(n, viaSdk));
    }
    lean.destroy();
    sdk.destroy();
    return run;
  } finally {
    server.kill();
  }
}
