import { readFileSync } from 'node:fs';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { Fleet } from '../fleet';
import type { Progress } from '../progress';
import { startRuntimeProcess } from '../runtime-process';

export interface ScaleRun {
  connections: number;
  connectionsPerSecond: number;
  idleRssMb: number;
  rssPerConnectionKb: number;
  itemsWhileOpen: number;
  itemsLeft: number;
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

async function countItems(endpoint: string, tableName: string): Promise<number> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, Select: 'COUNT', ExclusiveStartKey: start }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  client.destroy();
  return count;
}

/** Opens `n` connections 500 at a time through $connect, measures rate and memory, closes them all. */
export async function scale(n: number, progress: Progress): Promise<ScaleRun> {
  const runtime = await startRuntimeProcess();
  const fleet = new Fleet();
  const pid = runtime.child.pid!;
  try {
    // One connection first so every function instance involved is warm before the idle reading.
    await fleet.open(runtime.webSocketUrl, 1);
    await fleet.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idle = rssKb(pid);
    progress.update(`scale: opening ${n}`);
    const ms = await fleet.open(runtime.webSocketUrl, n, 500);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const loaded = rssKb(pid);
    const itemsWhileOpen = await countItems(runtime.dynamodbEndpoint, runtime.tableNames[0]!);
    progress.update(`scale: closing ${n}`);
    await fleet.close();
    let itemsLeft = itemsWhileOpen;
    for (let i = 0; i < 120 && itemsLeft > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      itemsLeft = await countItems(runtime.dynamodbEndpoint, runtime.tableNames[0]!);
    }
    return {
      connections: n,
      connectionsPerSecond: n / (ms / 1000),
      idleRssMb: idle / 1024,
      rssPerConnectionKb: (loaded - idle) / n,
      itemsWhileOpen,
      itemsLeft,
    };
  } finally {
    await runtime.stop();
  }
}
