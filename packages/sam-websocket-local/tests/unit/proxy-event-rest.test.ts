import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { ReceivedRequest } from '../../src/runtime/gateway/proxy-events/received-request';
import { restProxyEvent, type RestTarget } from '../../src/runtime/gateway/proxy-events/rest-proxy-event';

// 2020-03-12T19:03:58.123Z, a moment whose CLF form is easy to read.
const ARRIVED = Date.UTC(2020, 2, 12, 19, 3, 58, 123);

function received(changes: Partial<ReceivedRequest> = {}): ReceivedRequest {
  return {
    method: 'POST',
    url: new URL('http://localhost/development/items/42'),
    protocol: 'HTTP/1.1',
    rawHeaders: [
      ['Content-Type', 'application/json'],
      ['User-Agent', 'curl/8.5.0'],
    ],
    sourceIp: '192.0.2.7',
    localPort: 3001,
    body: Buffer.from('{"a":1}'),
    receivedAt: ARRIVED,
    ...changes,
  };
}

const target: RestTarget = {
  resource: '/items/{id}',
  resourceId: 'ItemPost',
  path: '/items/42',
  pathParameters: { id: '42' },
  stage: 'development',
  apiId: 'a1b2c3d4e5',
  accountId: '123456789012',
  domainName: 'localhost:3001',
  requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  extendedRequestId: 'ExtReq=',
};

describe('the REST proxy event (Lambda proxy integration, payload 1.0)', () => {
  it('has exactly the top-level fields AWS documents for the input format', () => {
    expect(Object.keys(restProxyEvent(received(), target)).sort()).toEqual(
      [
        'resource',
        'path',
        'httpMethod',
        'headers',
        'multiValueHeaders',
        'queryStringParameters',
        'multiValueQueryStringParameters',
        'pathParameters',
        'stageVariables',
        'requestContext',
        'body',
        'isBase64Encoded',
      ].sort(),
    );
  });

  it('names the resource by its template path and the request by its path; the stage is in requestContext.path', () => {
    const event = restProxyEvent(received(), target) satisfies Omit<APIGatewayProxyEvent, 'requestContext'>;
    expect(event).toMatchObject({
      resource: '/items/{id}',
      path: '/items/42',
      httpMethod: 'POST',
      pathParameters: { id: '42' },
      stageVariables: null,
      body: '{"a":1}',
      isBase64Encoded: false,
    });
    expect(event.requestContext).toMatchObject({
      resourcePath: '/items/{id}',
      resourceId: 'ItemPost',
      httpMethod: 'POST',
      path: '/development/items/42',
      stage: 'development',
      apiId: 'a1b2c3d4e5',
      domainPrefix: 'a1b2c3d4e5',
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      requestId: target.requestId,
      extendedRequestId: 'ExtReq=',
      requestTime: '12/Mar/2020:19:03:58 +0000',
      requestTimeEpoch: ARRIVED,
      identity: expect.objectContaining({ sourceIp: '192.0.2.7', userAgent: 'curl/8.5.0', caller: null, user: null }),
    });
  });

  it('gives every header twice: its last value in headers, all values in multiValueHeaders, names as sent', () => {
    const event = restProxyEvent(
      received({
        rawHeaders: [
          ['Accept', 'text/html'],
          ['X-Tag', 'one'],
          ['X-Tag', 'two'],
        ],
      }),
      target,
    );
    expect(event.headers).toMatchObject({ Accept: 'text/html', 'X-Tag': 'two' });
    expect(event.multiValueHeaders).toMatchObject({ Accept: ['text/html'], 'X-Tag': ['one', 'two'] });
    // API Gateway adds the forwarding headers to every proxied request.
    expect(event.headers).toMatchObject({
      'X-Forwarded-For': '192.0.2.7',
      'X-Forwarded-Port': '3001',
      'X-Forwarded-Proto': 'http',
    });
  });

  it('gives query parameters twice (last value, all values), and null for both when there are none', () => {
    const withQuery = restProxyEvent(
      received({ url: new URL('http://localhost/development/items/42?tag=a&tag=b&page=2') }),
      target,
    );
    expect(withQuery.queryStringParameters).toEqual({ tag: 'b', page: '2' });
    expect(withQuery.multiValueQueryStringParameters).toEqual({ tag: ['a', 'b'], page: ['2'] });
    const without = restProxyEvent(received(), target);
    expect(without.queryStringParameters).toBeNull();
    expect(without.multiValueQueryStringParameters).toBeNull();
  });

  it('carries no body as null, a binary body base64-encoded and flagged', () => {
    expect(restProxyEvent(received({ method: 'GET', body: Buffer.alloc(0) }), target)).toMatchObject({
      body: null,
      isBase64Encoded: false,
    });
    const bytes = Buffer.from([0, 255, 1, 254]);
    const binary = restProxyEvent(
      received({ rawHeaders: [['Content-Type', 'application/octet-stream']], body: bytes }),
      target,
    );
    expect(binary).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });
});
