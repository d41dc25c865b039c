import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { packageRoot, workspaceRoot } from '../support/paths';

/**
 * The embedded store on disk, in a process whose files may not grow past 256 KB (`ulimit -f`: the
 * kernel answers EFBIG, as it would ENOSPC on a full disk), so LevelDB fails a write for real.
 */
let child: ChildProcess;
let dataDir: string;
let dynamo: DynamoDBClient;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'store-failure-'));
  const script = `require(${JSON.stringify(join(packageRoot, 'src', 'store', 'embedded-dynamodb.ts'))})
    .startEmbeddedDynamoDb({ path: ${JSON.stringify(dataDir)} }).then((store) => console.log(store.endpoint));`;
  child = spawn('bash', ['-c', `ulimit -f 256; exec "${process.execPath}" --import tsx -e '${script}'`], {
    cwd: workspaceRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`store exited ${code}`)));
  });
  dynamo = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  await dynamo.send(
    new CreateTableCommand({
      TableName: 'items',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}, 60_000);
afterAll(() => {
  dynamo?.destroy();
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('answers a write the disk refuses with 503 and keeps serving', async () => {
  const filler = 'x'.repeat(4000);
  let failure: { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  for (let i = 0; i < 1000 && !failure; i++) {
    await dynamo
      .send(new PutItemCommand({ TableName: 'items', Item: { pk: { S: `item-${i}` }, filler: { S: filler } } }))
      .catch((error: typeof failure) => (failure = error));
  }
  expect(failure?.$metadata?.httpStatusCode).toBe(503);
  expect(failure?.name).toBe('InternalServerError');
  // Still serving: reads work, and the next write is refused the same way rather than hanging.
  expect((await dynamo.send(new ListTablesCommand({}))).TableNames).toEqual(['items']);
  await expect(
    dynamo.send(new PutItemCommand({ TableName: 'items', Item: { pk: { S: 'after' }, filler: { S: filler } } })),
  ).rejects.toMatchObject({ $metadata: { httpStatusCode: 503 } });
  expect(child.exitCode).toBeNull();
});
