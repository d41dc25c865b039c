import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { callDynamoDb } from '../../src/runtime/integrations/aws-dynamodb';
import type { RouteEvent } from '../../src/runtime/integrations/call-integration';
import type { DynamoDbIntegration } from '../../src/template/route-integrations';

const dynamodb = new DynamoDBClient({ region: 'us-east-1' });
const store = mockClient(dynamodb);
const silent = { info() {}, warn() {}, error() {} };
const deps = { invoke: () => Promise.reject(new Error('no function here')), dynamodb, log: silent };
const event: RouteEvent = {
  requestContext: { routeKey: 'get', connectionId: 'conn-1', requestId: 'req-1' },
  body: '{"action":"get","id":"a1"}',
};
const integration = (overrides: Partial<DynamoDbIntegration>): DynamoDbIntegration => ({
  type: 'AWS',
  service: 'dynamodb',
  action: 'GetItem',
  requestTemplates: {
    $default: '{"TableName": "Items", "Key": {"id": {"S": "$input.path(\'$.id\')"}}}',
  },
  passthroughBehavior: 'WHEN_NO_MATCH',
  responses: [
    { key: '/2\\d\\d/', responseTemplates: { $default: '{"name": "$input.path(\'$.Item.name.S\')"}' } },
    { key: '$default', responseTemplates: { $default: '{"error": "$input.path(\'$.__type\')"}' } },
  ],
  timeoutMs: 29_000,
  ...overrides,
});

beforeEach(() => store.reset());

describe('the AWS integration to DynamoDB', () => {
  it('sends the rendered request template as the action input and maps the output through the 2xx response', async () => {
    store.on(GetItemCommand).resolves({ Item: { id: { S: 'a1' }, name: { S: 'first' } } });
    await expect(callDynamoDb(integration({}), event, deps)).resolves.toEqual({
      ok: true,
      statusCode: 200,
      body: '{"name": "first"}',
    });
    expect(store.commandCalls(GetItemCommand)[0]!.args[0].input).toEqual({
      TableName: 'Items',
      Key: { id: { S: 'a1' } },
    });
  });

  it("answers DynamoDB's error status with its error type for the $default response to map", async () => {
    store.on(PutItemCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const put = integration({
      action: 'PutItem',
      requestTemplates: { $default: '{"TableName": "Items", "Item": {"id": {"S": "x"}}}' },
    });
    await expect(callDynamoDb(put, event, deps)).resolves.toEqual({
      ok: true,
      statusCode: 400,
      body: '{"error": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"}',
    });
  });

  it('fails without calling the store when the template does not render to JSON', async () => {
    const broken = integration({ requestTemplates: { $default: 'not json' } });
    await expect(callDynamoDb(broken, event, deps)).resolves.toEqual({ ok: false });
    expect(store.calls()).toHaveLength(0);
  });
});
