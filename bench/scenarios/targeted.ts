import { randomUUID } from 'node:crypto';
import { Fleet, requestReply } from '../fleet';
import type { Progress } from '../progress';
import { startRuntimeProcess } from '../runtime-process';

export interface TargetedRun {
  total: number;
  topicSubscribers: number;
  target: 'topic' | 'everyone';
  itemsRead: number;
  managementCalls: number;
  recipients: number;
  ms: number;
  missed: number;
}

const TOPICS = 100;
const UNSUBSCRIBED = 100;

/** `total` connections over 100 topics plus 100 that never subscribed; a broadcast to one topic vs. to everyone. */
export async function targeted(total: number, runs: number, progress: Progress): Promise<TargetedRun[]> {
  const runtime = await startRuntimeProcess();
  const fleet = new Fleet();
  try {
    progress.update(`targeted N=${total}: connecting and subscribing`);
    await fleet.open(runtime.webSocketUrl, total + UNSUBSCRIBED, 250, (socket, index) =>
      index < total
        ? requestReply(socket, { action: 'subscribe', topic: `post:${index % TOPICS}` })
        : Promise.resolve(),
    );
    const results: TargetedRun[] = [];
    for (let run = 0; run <= runs; run++) {
      for (const target of ['topic', 'everyone'] as const) {
        progress.update(`targeted N=${total}: ${target} ${run === 0 ? 'warm-up' : `run ${run}/${runs}`}`);
        const marker = `m-${randomUUID()}`;
        const expected = target === 'topic' ? total / TOPICS + UNSUBSCRIBED : total + UNSUBSCRIBED;
        const started = performance.now();
        const receipt = fleet.expect(marker, expected, 60_000);
        const response = await fetch(`${runtime.httpUrl}/development/broadcast`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ type: 'bench', data: { marker }, ...(target === 'topic' ? { topic: 'post:7' } : {}) }),
        });
        const report = (await response.json()) as Record<string, number>;
        const { lastAt, received } = await receipt;
        if (run > 0) {
          results.push({
            total,
            topicSubscribers: total / TOPICS,
            target,
            itemsRead: report.listed!,
            managementCalls: report.sends!,
            recipients: report.recipients!,
            ms: lastAt - started,
            missed: expected - received,
          });
        }
      }
    }
    return results;
  } finally {
    await fleet.close();
    await runtime.stop();
  }
}
