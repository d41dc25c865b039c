import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createResolver, type LocalDeployment } from 'sam-websocket-local/internal';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from 'sam-websocket-local/internal';
import { ensureTables } from 'sam-websocket-local/internal';
import { type Application, readApplication } from 'sam-websocket-local/internal';
import { parameterValues } from 'sam-websocket-local/internal';
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
