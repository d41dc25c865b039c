import { join } from 'node:path';
import { Fleet } from '../fleet';
import type { Progress } from '../progress';
import { projectRoot, startProjectRuntime } from '../runtime-process';
import { percentile } from '../stats';
import { cpuPerUnit, processCpu } from '../thread-cpu';

/** One pass of the load: every client's messages, one after another. */
export interface EchoPass {
  messagesPerSecond: number;
  p50: number;
  p99: number;
  /** Echoes that did not come back within the timeout. */
  lost: number;
  /** This runtime only, Linux: CPU of its main thread (gateway and store) and of all its threads per message (µs). */
  runtimeCpu?: { mainUs: number; allUs: number };
}

export interface EchoRun extends EchoPass {
  clients: number;
  messagesPerClient: number;
  /**
   * The same load again on the same server, right after: a fresh server's first thousands of
   * messages run while V8 still compiles every thread's hot paths, so this is its steady speed.
   */
  again: EchoPass;
}

export const ECHO_PROJECT = join(projectRoot, 'bench', 'projects', 'echo');

/**
 * The runtime's own per-message path: every client sends its next message as soon as the echo of
 * the last one is back (a $default function posting the body through @connections), all at once.
 * Given `url`, the same load goes to a server already running there (another local runtime serving
 * the same project), so both are measured by one client.
 */
export async function echo(
  clients: number,
  messagesPerClient: number,
  progress: Progress,
  url?: string,
): Promise<EchoRun> {
  const runtime = url ? undefined : await startProjectRuntime(ECHO_PROJECT);
  const fleet = new Fleet();
  try {
    progress.update(`echo: connecting ${clients}`);
    // Another server's handshakes one at a time: some run $connect on a shared, racy path.
    await fleet.open(url ?? runtime!.webSocketUrl, clients, url ? 1 : undefined);
    // One round to warm every function instance the load will use.
    await Promise.all(fleet.sockets.map((socket, i) => roundTrips(socket, i, 1, [])));
    const pid = runtime?.child.pid;
    const pass = (label: string) => {
      progress.update(`echo: ${clients} × ${messagesPerClient}${label}`);
      return loadPass(fleet, messagesPerClient, pid);
    };
    const first = await pass('');
    return { clients, messagesPerClient, ...first, again: await pass(', again') };
  } finally {
    await fleet.close();
    await runtime?.stop();
  }
}

/** Every client sends `messagesPerClient` messages, each as soon as the last is back. */
async function loadPass(fleet: Fleet, messagesPerClient: number, pid: number | undefined): Promise<EchoPass> {
  const latencies: number[] = [];
  const before = pid === undefined ? undefined : processCpu(pid);
  const started = performance.now();
  const lost = await Promise.all(
    fleet.sockets.map((socket, i) => roundTrips(socket, i, messagesPerClient, latencies)),
  ).then((counts) => counts.reduce((sum, n) => sum + n, 0));
  const seconds = (performance.now() - started) / 1000;
  return {
    messagesPerSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    lost,
    runtimeCpu: pid === undefined ? undefined : cpuPerUnit(before, processCpu(pid), latencies.length),
  };
}

/** Sends `count` messages one after another, each when the last came back; answers how many never did. */
async function roundTrips(
  socket: Fleet['sockets'][number],
  client: number,
  count: number,
  latencies: number[],
): Promise<number> {
  let lost = 0;
  for (let i = 0; i < count; i++) {
    const text = JSON.stringify({ client, i, data: 'hello' });
    const sent = performance.now();
    const back = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        socket.off('message', onMessage);
        resolve(false);
      }, 10_000);
      const onMessage = (data: Buffer) => {
        if (data.toString() !== text) return;
        clearTimeout(timer);
        socket.off('message', onMessage);
        resolve(true);
      };
      socket.on('message', onMessage);
      socket.send(text);
    });
    if (back) latencies.push(performance.now() - sent);
    else lost++;
  }
  return lost;
}
