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
  /** Index items per connect, and how "everyone" spreads over its shards: the most-written shard against the mean. */
  itemsPerConnect: number;
  shards: number;
  busiestShardOfMean: number;
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** Items in the table, and how many of them sit under each `$all#<shard>` index key. */
async function countItems(
  endpoint: string,
  tableName: string,
): Promise<{ count: number; perShard: Map<string, number> }> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let count = 0;
  const perShard = new Map<string, number>();
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ProjectionExpression: 'topic', ExclusiveStartKey: start }),
    );
    count += page.Count ?? 0;
    for (const item of page.Items ?? []) {
      const topic = item.topic?.S ?? '';
      if (topic.startsWith('$all#')) perShard.set(topic, (perShard.get(topic) ?? 0) + 1);
    }
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  client.destroy();
  return { count, perShard };
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
    const { count: itemsWhileOpen, perShard } = await countItems(runtime.dynamodbEndpoint, runtime.tableNames[0]!);
    progress.update(`scale: closing ${n}`);
    await fleet.close();
    let itemsLeft = itemsWhileOpen;
    for (let i = 0; i < 120 && itemsLeft > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      itemsLeft = (await countItems(runtime.dynamodbEndpoint, runtime.tableNames[0]!)).count;
    }
    return {
      connections: n,
      connectionsPerSecond: n / (ms / 1000),
      idleRssMb: idle / 1024,
      rssPerConnectionKb: (loaded - idle) / n,
      itemsWhileOpen,
      itemsLeft,
      itemsPerConnect: itemsWhileOpen / n,
      shards: perShard.size,
      busiestShardOfMean: Math.max(...perShard.values()) / (n / perShard.size),
    };
  } finally {
    await runtime.stop();
  }
}
