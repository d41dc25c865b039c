import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { type WebSocketEvent, isOriginAllowed, namesNoOrigin, parseAllowedOrigins } from '@comments-websocket/shared';
import { DynamoDbConnectionStore } from '@comments-websocket/shared/store';
import { createConnectHandler } from '../../functions/connect/handler';
import { sampleEvent } from '../support/events';
import { mockableDocuments } from '../support/sdk-documents';

const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamo.reset());

const store = new DynamoDbConnectionStore({ documents: mockableDocuments(), tableName: 'connections', shards: 4 });
const connectWith = (allowedOrigins: string) =>
  createConnectHandler({ store, origins: parseAllowedOrigins(allowedOrigins) });
const handshake = (origin?: string): WebSocketEvent => {
  const event = sampleEvent<WebSocketEvent>('connect.json');
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).filter(([name]) => name !== 'Origin'));
  return { ...event, headers: origin === undefined ? headers : { ...headers, Origin: origin } };
};

describe('AllowedOrigins', () => {
  it('allows every origin only when it is empty (development)', () => {
    expect(parseAllowedOrigins('')).toEqual({ anyOrigin: true, origins: [], ignored: [] });
    expect(parseAllowedOrigins(undefined).anyOrigin).toBe(true);
  });

  it.each([',', ' ', ' , ', 'garbage', 'www.your-site.com', 'https://a.example/path', '*'])(
    'names no origin when it is %j, and then allows none',
    (value) => {
      const policy = parseAllowedOrigins(value);
      expect(policy.anyOrigin).toBe(false);
      expect(namesNoOrigin(policy)).toBe(true);
      expect(isOriginAllowed('https://evil.example', policy)).toBe(false);
      expect(isOriginAllowed(undefined, policy)).toBe(false);
    },
  );

  it('keeps the valid origins of a list, canonical, and sets the rest aside', () => {
    expect(
      parseAllowedOrigins(' https://WWW.Site.example/ , garbage,http://localhost:3000,https://a.example:443'),
    ).toEqual({
      anyOrigin: false,
      origins: ['https://www.site.example', 'http://localhost:3000', 'https://a.example'],
      ignored: ['garbage'],
    });
  });
});

describe('$connect origin check', () => {
  it('refuses every browser handshake when AllowedOrigins is set but names no valid origin, writing nothing', async () => {
    dynamo.on(PutCommand).resolves({});
    for (const setting of [',', ' ', 'garbage']) {
      const connect = connectWith(setting);
      for (const origin of ['https://evil.example', 'http://localhost:3000', 'null'])
        expect({ setting, origin, status: (await connect(handshake(origin))).statusCode }).toEqual({
          setting,
          origin,
          status: 403,
        });
      expect((await connect(handshake(undefined))).statusCode).toBe(403);
    }
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('accepts every origin, and none at all, when AllowedOrigins is empty', async () => {
    dynamo.on(PutCommand).resolves({});
    const connect = connectWith('');
    expect((await connect(handshake('https://any.example'))).statusCode).toBe(200);
    expect((await connect(handshake(undefined))).statusCode).toBe(200);
  });

  it('accepts a listed origin, written in any case, and refuses the others', async () => {
    dynamo.on(PutCommand).resolves({});
    const connect = connectWith('https://www.site.example, http://localhost:3000');
    expect((await connect(handshake('https://WWW.site.example'))).statusCode).toBe(200);
    expect((await connect(handshake('http://localhost:3000'))).statusCode).toBe(200);
    expect((await connect(handshake('https://www.site.example.evil.example'))).statusCode).toBe(403);
    expect((await connect(handshake(undefined))).statusCode).toBe(403);
  });
});
