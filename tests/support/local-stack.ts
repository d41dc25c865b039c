import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Documents } from '@comments-websocket/shared/store';
import { createResolver, type LocalDeployment } from 'sam-websocket-local/internal';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from 'sam-websocket-local/internal';
import { ensureTables } from 'sam-websocket-local/internal';
import { type Application, readApplication } from 'sam-websocket-local/internal';
import { parameterValues } from 'sam-websocket-local/internal';
import { sdkDocuments } from './sdk-documents';
import { loadTemplate } from './template';

export interface TestStore {
  app: Application;
  deployment: LocalDeployment;
  dynamo: EmbeddedDynamoDb;
  client: DynamoDBClient;
  resolver: ReturnType<typeof createResolver>;
}

/** A real embedded DynamoDB-compatible server with the template's tables. */
export async function startTestStore(port = 9): Promise<TestStore> {
  const app = readApplication(loadTemplate());
  const dynamo = await startEmbeddedDynamoDb();
  const deployment: LocalDeployment = {
    host: '127.0.0.1',
    port,
    region: 'us-east-1',
    accountId: '000000000000',
    stackName: 'test',
    dynamodbEndpoint: dynamo.endpoint,
  };
  const resolver = createResolver(app, parameterValues(app.template, {}), deployment);
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTables(client, app, resolver);
  return { app, deployment, dynamo, client, resolver };
}

/**
 * The embedded store of one test file, with the template's connections table: started before the
 * file's tests, closed after them. Read its members inside the tests (they exist from beforeAll on).
 */
export function storeForTests(): {
  readonly client: DynamoDBDocumentClient;
  readonly documents: Documents;
  readonly tableName: string;
} {
  let store: TestStore | undefined;
  let client: DynamoDBDocumentClient | undefined;
  beforeAll(async () => {
    store = await startTestStore();
    client = DynamoDBDocumentClient.from(store.client);
  }, 60_000);
  afterAll(async () => {
    store?.client.destroy();
    await store?.dynamo.close();
  });
  return {
    get client() {
      return client!;
    },
    get documents() {
      return sdkDocuments(client!);
    },
    get tableName() {
      return [...store!.app.tables.keys()][0]!;
    },
  };
}
