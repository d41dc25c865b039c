import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  BatchWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as connect } from '../../functions/connect/index';
import { handler as defaultRoute } from '../../functions/default/index';
import { handler as disconnect } from '../../functions/disconnect/index';
import { handler as subscribe } from '../../functions/subscribe/index';
import { handler as unsubscribe } from '../../functions/unsubscribe/index';
import type { WebSocketEvent } from '@comments-websocket/shared';
import { sampleEvent } from '../support/events';
import { serviceError } from '../support/pages';

// The functions' DynamoDB transport is the lean client; here it is the SDK's, which aws-sdk-client-mock answers.
jest.mock('../../layers/shared/src/store/lean-documents', () => ({
  createDocuments: () =>
    (jest.requireActual('../support/sdk-documents') as typeof import('../support/sdk-documents')).mockableDocuments(),
}));

const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamo.reset());

const event = (name: string, changes: Partial<WebSocketEvent> = {}) => ({
  ...sampleEvent<WebSocketEvent>(name),
  ...changes,
});
const replyOf = (result: { body?: string }) => JSON.parse(result.body ?? '{}') as Record<string, unknown>;

describe('$connect', () => {
  it('records the connection and accepts the handshake', async () => {
    dynamo.on(PutCommand).resolves({});
    const result = await connect(event('connect.json'));
    expect(result.statusCode).toBe(200);
    expect(
      dynamo
        .commandCalls(PutCommand)
        .map((call) => call.args[0].input.Item?.sk)
        .sort(),
    ).toEqual(['#meta', '#unsubscribed']);
  });

  it('refuses a handshake from an origin that is not allowed, writing nothing', async () => {
    const connectEvent = event('connect.json');
    connectEvent.headers = { ...connectEvent.headers, Origin: 'https://evil.example' };
    const result = await connect(connectEvent);
    expect(result.statusCode).toBe(403);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses the handshake with a 5xx when the table fails', async () => {
    dynamo.on(PutCommand).rejects(serviceError('InternalServerError', 500));
    expect((await connect(event('connect.json'))).statusCode).toBe(503);
  });
});

describe('$disconnect', () => {
  it('removes the connection and all its subscriptions', async () => {
    dynamo.on(QueryCommand).resolves({
      Items: [
        { pk: 'conn#x', sk: '#meta' },
        { pk: 'conn#x', sk: 'topic#post:42' },
      ],
    });
    dynamo.on(BatchWriteCommand).resolves({});
    const result = await disconnect(event('disconnect.json'));
    expect(result.statusCode).toBe(200);
    expect(dynamo.commandCalls(BatchWriteCommand)[0]?.args[0].input.RequestItems?.ConnectionsTable).toHaveLength(2);
  });
});

describe('subscribe', () => {
  it('subscribes the connection and confirms on the socket', async () => {
    dynamo.on(UpdateCommand).resolves({ Attributes: { v: 1 } });
    dynamo.on(PutCommand).resolves({});
    dynamo.on(DeleteCommand).resolves({});
    dynamo.on(GetCommand).resolves({ Item: { topics: new Set(['post:42']) } });
    const result = await subscribe(event('subscribe.json'));
    expect(result.statusCode).toBe(200);
    expect(replyOf(result)).toEqual({ type: 'subscribed', topic: 'post:42' });
  });

  it.each([
    ['a missing topic', '{"action":"subscribe"}', /topic/],
    ['a topic with spaces', '{"action":"subscribe","topic":"post 42"}', /topic: may contain only/],
    ['a reserved topic', '{"action":"subscribe","topic":"$all"}', /topic/],
    ['a body that is not JSON', 'subscribe post:42', /not a JSON object/],
  ])('answers %s with an error reply and writes nothing', async (_case, body, message) => {
    const result = await subscribe(event('subscribe.json', { body }));
    expect(result.statusCode).toBe(400);
    expect(replyOf(result)).toMatchObject({ type: 'error', message: expect.stringMatching(message) });
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('tells the client when it holds too many subscriptions', async () => {
    dynamo.on(UpdateCommand).rejects(serviceError('ConditionalCheckFailedException', 400));
    dynamo.on(GetCommand).resolves({ Item: { pk: 'conn#x', sk: '#meta', connectedAt: 1 } });
    const result = await subscribe(event('subscribe.json'));
    expect(result.statusCode).toBe(409);
    expect(replyOf(result).message).toMatch(/at most 50 subscriptions/);
  });
});

describe('unsubscribe', () => {
  it('removes the subscription and confirms', async () => {
    dynamo.on(UpdateCommand).resolves({});
    dynamo.on(DeleteCommand).resolves({});
    const result = await unsubscribe(event('unsubscribe.json'));
    expect(replyOf(result)).toEqual({ type: 'unsubscribed', topic: 'post:42' });
    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual({
      pk: expect.stringMatching(/^conn#/),
      sk: 'topic#post:42',
    });
  });
});

describe('$default', () => {
  it('answers ping with pong', async () => {
    expect(replyOf(await defaultRoute(event('ping.json')))).toMatchObject({ type: 'pong' });
  });

  it('names an unknown action and the ones that exist', async () => {
    const result = await defaultRoute(event('unknown-action.json'));
    expect(result.statusCode).toBe(400);
    expect(replyOf(result).message).toMatch(/Unknown action "shout".*subscribe, unsubscribe, ping/);
  });

  it('explains what to send when the message is not JSON', async () => {
    const result = await defaultRoute(event('ping.json', { body: 'hello' }));
    expect(replyOf(result).message).toMatch(/not a JSON object/);
  });
});
