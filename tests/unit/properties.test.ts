import fc from 'fast-check';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  DeleteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as broadcast } from '../../functions/broadcast/index';
import { handler as defaultRoute } from '../../functions/default/index';
import { handler as subscribe } from '../../functions/subscribe/index';
import { handler as unsubscribe } from '../../functions/unsubscribe/index';
import { selectRouteKey } from 'sam-websocket-local/internal';
import { lambdaContext, restEvent, sampleEvent } from '../support/events';

// The functions' DynamoDB transport is the lean client; here it is the SDK's, which aws-sdk-client-mock answers.
jest.mock('../../layers/shared/src/store/lean-documents', () => ({
  createDocuments: () =>
    (jest.requireActual('../support/sdk-documents') as typeof import('../support/sdk-documents')).mockableDocuments(),
}));

const dynamo = mockClient(DynamoDBDocumentClient);
const management = mockClient(ApiGatewayManagementApiClient);
beforeEach(() => {
  // Every key lists one connection; a `$moved#<second>` key lists it as a mover, with its #moved item's sort key.
  dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues?: Record<string, unknown> }) => {
    const key = String(input.ExpressionAttributeValues?.[':topic'] ?? '');
    const second = /^\$moved#(\d+)$/.exec(key)?.[1];
    return { Items: [second ? { pk: 'conn#a', sk: `#moved#s${second}000` } : { pk: 'conn#a' }] };
  });
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({ Attributes: { v: 1 } });
  dynamo.on(GetCommand).resolves({});
  dynamo.on(DeleteCommand).resolves({});
  management.on(PostToConnectionCommand).resolves({});
});
afterEach(() => {
  dynamo.reset();
  management.reset();
});

const isClientOutcome = (status: number) => (status >= 200 && status < 300) || (status >= 400 && status < 500);

/** Bodies a caller might send: random text, random JSON, and near-misses of the real contract. */
const bodies = fc.oneof(
  fc.string(),
  fc.json(),
  fc
    .record({ type: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), data: fc.anything() }, { requiredKeys: [] })
    .map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        type: fc.string({ maxLength: 80 }),
        topic: fc.oneof(fc.string(), fc.constant(undefined)),
        data: fc.record(
          {
            post_id: fc.oneof(fc.string(), fc.integer(), fc.double()),
            comments: fc.oneof(fc.array(fc.anything()), fc.anything()),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);

describe('arbitrary input', () => {
  it('never makes the broadcast handler throw or answer anything but 2xx/4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        bodies,
        fc.constantFrom('/broadcast', '/broadcast/comments'),
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8'),
        async (body, resource, contentType) => {
          const event = restEvent('broadcast.json', { body, resource });
          event.headers = { 'Content-Type': contentType };
          const result = await broadcast(event, lambdaContext());
          expect(isClientOutcome(result.statusCode)).toBe(true);
          expect(result.body).not.toMatch(/ at |SyntaxError|Unexpected token/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never makes a WebSocket route handler throw or answer anything but 2xx/4xx', async () => {
    const messages = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record(
          { action: fc.constantFrom('subscribe', 'unsubscribe', 'ping', 'x'), topic: fc.anything() },
          { requiredKeys: ['action'] },
        )
        .map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(messages, fc.constantFrom(subscribe, unsubscribe, defaultRoute), async (body, handler) => {
        const result = await handler({ ...sampleEvent<Record<string, unknown>>('subscribe.json'), body } as never);
        expect(isClientOutcome(result.statusCode)).toBe(true);
        expect(() => JSON.parse(result.body)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('always selects some route key and never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.record({ action: fc.anything() }).map((value) => JSON.stringify(value)),
        ),
        (body) => {
          const key = selectRouteKey('$request.body.action', body);
          expect(typeof key).toBe('string');
          expect(key.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
