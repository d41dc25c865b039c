import { once } from 'node:events';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocuments } from '@comments-websocket/shared/store';
import { DynamoDbHttp, endpointFromEnvironment } from '../../layers/shared/src/store/dynamodb-http';

type Seen = { target: string; authorization: string; body: Record<string, unknown> };
type Reply = { status: number; body: unknown };

/** A server that answers each request with the next reply and keeps what it was sent. */
async function fakeDynamoDb(replies: Reply[]) {
  const seen: Seen[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        target: String(request.headers['x-amz-target']),
        authorization: String(request.headers.authorization),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      });
      const reply = replies.shift() ?? { status: 500, body: { __type: 'NoMoreReplies' } };
      response.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req-1' });
      response.end(JSON.stringify(reply.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return {
    seen,
    documents: createDocuments(new DynamoDbHttp({ url, region: 'eu-west-1' })),
    close: () => server.close(),
  };
}

// dynalite ships no types: the part of its API used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: { createTableMs?: number }) => Server;

const credentials = { AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' };
const saved = { ...process.env };
beforeEach(() => Object.assign(process.env, credentials));
afterEach(() => {
  process.env = { ...saved };
});

describe('the lean DynamoDB client', () => {
  it('signs for dynamodb in its region, marshals values and unmarshals what comes back', async () => {
    const fake = await fakeDynamoDb([
      { status: 200, body: { Items: [{ pk: { S: 'conn#a' }, n: { N: '3' }, topics: { SS: ['x'] } }], Count: 1 } },
    ]);
    try {
      const page = await fake.documents.query({
        TableName: 'Connections',
        KeyConditionExpression: 'topic = :topic',
        ExpressionAttributeValues: { ':topic': 'post#1', ':gone': undefined },
        ExclusiveStartKey: { pk: 'conn#0', sk: '#meta' },
      });
      expect(page.Items).toEqual([{ pk: 'conn#a', n: 3, topics: new Set(['x']) }]);
      const [request] = fake.seen;
      expect(request!.target).toBe('DynamoDB_20120810.Query');
      expect(request!.authorization).toMatch(/Credential=AKIDLOCAL\/\d{8}\/eu-west-1\/dynamodb\/aws4_request/);
      expect(request!.body.ExpressionAttributeValues).toEqual({ ':topic': { S: 'post#1' } });
      expect(request!.body.ExclusiveStartKey).toEqual({ pk: { S: 'conn#0' }, sk: { S: '#meta' } });
    } finally {
      fake.close();
    }
  });

  it('names errors as the SDK does and does not retry a failed condition', async () => {
    const fake = await fakeDynamoDb([
      {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
          message: 'The conditional request failed',
        },
      },
    ]);
    try {
      const failure = fake.documents.put({
        TableName: 'T',
        Item: { pk: 'a' },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      await expect(failure).rejects.toMatchObject({
        name: 'ConditionalCheckFailedException',
        message: 'The conditional request failed',
        $metadata: { httpStatusCode: 400, requestId: 'req-1', attempts: 1 },
      });
      expect(fake.seen).toHaveLength(1);
    } finally {
      fake.close();
    }
  });

  it('retries throttling and server errors, then answers; gives up after three attempts', async () => {
    const throttled = {
      status: 400,
      body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException' },
    };
    const fake = await fakeDynamoDb([
      throttled,
      { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError' } },
      { status: 200, body: { Item: { pk: { S: 'a' } } } },
      throttled,
      throttled,
      throttled,
    ]);
    try {
      await expect(fake.documents.get({ TableName: 'T', Key: { pk: 'a' } })).resolves.toMatchObject({
        Item: { pk: 'a' },
      });
      await expect(fake.documents.get({ TableName: 'T', Key: { pk: 'a' } })).rejects.toMatchObject({
        name: 'ProvisionedThroughputExceededException',
        $metadata: { attempts: 3 },
      });
      expect(fake.seen).toHaveLength(6);
    } finally {
      fake.close();
    }
  });

  it('names missing credentials instead of sending an unsigned request', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    const fake = await fakeDynamoDb([]);
    try {
      await expect(fake.documents.get({ TableName: 'T', Key: { pk: 'a' } })).rejects.toThrow(/No AWS credentials/);
      expect(fake.seen).toHaveLength(0);
    } finally {
      fake.close();
    }
  });

  it('finds its endpoint as the SDK does', () => {
    expect(endpointFromEnvironment({ AWS_REGION: 'eu-west-1' }).url.href).toBe(
      'https://dynamodb.eu-west-1.amazonaws.com/',
    );
    expect(endpointFromEnvironment({ AWS_REGION: 'cn-north-1' }).url.host).toBe('dynamodb.cn-north-1.amazonaws.com.cn');
    expect(endpointFromEnvironment({ AWS_REGION: 'us-gov-west-1', AWS_USE_FIPS_ENDPOINT: 'true' }).url.host).toBe(
      'dynamodb-fips.us-gov-west-1.amazonaws.com',
    );
    expect(
      endpointFromEnvironment({ AWS_ENDPOINT_URL: 'http://a:1', AWS_ENDPOINT_URL_DYNAMODB: 'http://b:2' }).url.host,
    ).toBe('b:2');
    expect(
      endpointFromEnvironment({ AWS_ENDPOINT_URL_DYNAMODB: 'http://b:2', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' })
        .url.host,
    ).toBe('dynamodb.us-east-1.amazonaws.com');
  });

  it('does the store writes, reads and batch deletes against an embedded DynamoDB', async () => {
    const server = dynalite({ createTableMs: 0 });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const sdk = new DynamoDBClient({
        endpoint: url.href,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      await sdk.send(
        new CreateTableCommand({
          TableName: 'Connections',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      const documents = createDocuments(new DynamoDbHttp({ url, region: 'eu-west-1' }));
      await documents.put({ TableName: 'Connections', Item: { pk: 'c', sk: '#meta', n: 1, skip: undefined } });
      const bytes = new TextEncoder().encode('{"type":"news"}');
      await documents.put({
        TableName: 'Connections',
        Item: { pk: 'b', sk: '#report', payload: bytes, raw: Buffer.from([0, 255]) },
      });
      const { Item: stored } = await documents.get({ TableName: 'Connections', Key: { pk: 'b', sk: '#report' } });
      expect(Buffer.from(stored!.payload as Uint8Array).toString()).toBe('{"type":"news"}');
      expect([...(stored!.raw as Uint8Array)]).toEqual([0, 255]);
      await expect(
        documents.put({
          TableName: 'Connections',
          Item: { pk: 'c', sk: '#meta' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ).rejects.toMatchObject({
        name: 'ConditionalCheckFailedException',
      });
      const { Attributes } = await documents.update({
        TableName: 'Connections',
        Key: { pk: 'c', sk: '#meta' },
        UpdateExpression: 'ADD topics :t, n :one',
        ExpressionAttributeValues: { ':t': new Set(['post#1']), ':one': 1 },
        ReturnValues: 'ALL_NEW',
      });
      expect(Attributes).toEqual({ pk: 'c', sk: '#meta', n: 2, topics: new Set(['post#1']) });
      await documents.batchWrite({
        RequestItems: {
          Connections: [
            { PutRequest: { Item: { pk: 'c', sk: 's#1' } } },
            { PutRequest: { Item: { pk: 'c', sk: 's#2' } } },
          ],
        },
      });
      const page = await documents.query({
        TableName: 'Connections',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'c' },
        Limit: 2,
      });
      expect(page.Items?.map((item) => item.sk)).toEqual(['#meta', 's#1']);
      expect(page.LastEvaluatedKey).toEqual({ pk: 'c', sk: 's#1' });
      const deleted = await documents.batchWrite({
        RequestItems: {
          Connections: ['#meta', 's#1', 's#2'].map((sk) => ({ DeleteRequest: { Key: { pk: 'c', sk } } })),
        },
      });
      expect(deleted.UnprocessedItems).toEqual({});
      expect(
        (await documents.get({ TableName: 'Connections', Key: { pk: 'c', sk: '#meta' }, ConsistentRead: true })).Item,
      ).toBeUndefined();
      sdk.destroy();
    } finally {
      server.close();
    }
  });
});
