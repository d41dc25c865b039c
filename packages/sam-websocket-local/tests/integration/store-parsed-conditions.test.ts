import {
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../src/store/embedded-dynamodb';

/**
 * The embedded store keeps the expressions it parsed (see parsed-conditions): a repeated request must
 * answer as the first did, and nothing of one request's values may leak into another's.
 */
let store: EmbeddedDynamoDb;
let dynamo: DynamoDBClient;
const TABLE = 'parsed-conditions';

beforeAll(async () => {
  store = await startEmbeddedDynamoDb();
  dynamo = new DynamoDBClient({
    endpoint: store.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  await dynamo.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: 'topic', AttributeType: 'S' },
        { AttributeName: 'pk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'topic', KeyType: 'HASH' },
        { AttributeName: 'pk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (const [topic, pk, size] of [
    ['a', '1', 1],
    ['a', '2', 5],
    ['b', '3', 1],
  ] as const)
    await dynamo.send(
      new PutItemCommand({ TableName: TABLE, Item: { topic: { S: topic }, pk: { S: pk }, size: { N: String(size) } } }),
    );
});

afterAll(async () => {
  dynamo.destroy();
  await store.close();
});

const byTopic = (topic: string, minSize: number) =>
  dynamo.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: '#t = :t',
      FilterExpression: '#s >= :min',
      ExpressionAttributeNames: { '#t': 'topic', '#s': 'size' },
      ExpressionAttributeValues: { ':t': { S: topic }, ':min': { N: String(minSize) } },
    }),
  );
const keys = (items: Record<string, { S?: string }>[] | undefined) => (items ?? []).map((item) => item.pk!.S).sort();

describe('the embedded store, given an expression it parsed before', () => {
  it('answers a repeated request as the first, with both expressions’ names and values counted as used', async () => {
    // Were the repeat not to mark `:t`, `:min`, `#t` and `#s` used, dynalite would refuse it as unused.
    expect(keys((await byTopic('a', 2)).Items)).toEqual(['2']);
    expect(keys((await byTopic('a', 2)).Items)).toEqual(['2']);
  });

  it('reads the same expression with other values as the request gives them, not the earlier ones', async () => {
    expect(keys((await byTopic('a', 0)).Items)).toEqual(['1', '2']);
    expect(keys((await byTopic('b', 0)).Items)).toEqual(['3']);
    expect(keys((await byTopic('a', 2)).Items)).toEqual(['2']);
  });

  it('still refuses a value left unused, and an expression that does not parse, every time', async () => {
    const scan = (values: Record<string, { S: string }>, filter = 'topic = :t') =>
      dynamo.send(new ScanCommand({ TableName: TABLE, FilterExpression: filter, ExpressionAttributeValues: values }));
    expect(keys((await scan({ ':t': { S: 'b' } })).Items)).toEqual(['3']);
    for (let i = 0; i < 2; i++) {
      await expect(scan({ ':t': { S: 'b' }, ':unused': { S: 'x' } })).rejects.toThrow(
        /unused in expressions: keys: \{:unused\}/,
      );
      await expect(scan({ ':t': { S: 'b' } }, 'topic = = :t')).rejects.toThrow(/Invalid FilterExpression/);
    }
  });

  it('checks a repeated condition against the item as it is now', async () => {
    const grow = () =>
      dynamo.send(
        new UpdateItemCommand({
          TableName: TABLE,
          Key: { topic: { S: 'b' }, pk: { S: '3' } },
          UpdateExpression: 'SET #s = #s + :one',
          ConditionExpression: '#s < :max',
          ExpressionAttributeNames: { '#s': 'size' },
          ExpressionAttributeValues: { ':one': { N: '1' }, ':max': { N: '3' } },
        }),
      );
    await grow();
    await grow();
    await expect(grow()).rejects.toThrow(/conditional request failed/);
  });
});
