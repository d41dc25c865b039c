import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpApiEvent, type HttpApiTarget } from '../../src/runtime/gateway/proxy-events/http-api-event';
import type { ReceivedRequest } from '../../src/runtime/gateway/proxy-events/received-request';

const ARRIVED = Date.UTC(2020, 2, 12, 19, 3, 58, 123);

function received(changes: Partial<ReceivedRequest> = {}): ReceivedRequest {
  return {
    method: 'GET',
    url: new URL('http://localhost/my/path?parameter1=value1&parameter1=value2&parameter2=value'),
    protocol: 'HTTP/1.1',
    rawHeaders: [
      ['Header1', 'value1'],
      ['Header2', 'value1'],
      ['Header2', 'value2'],
      ['User-Agent', 'agent'],
      ['Cookie', 'cookie1; cookie2'],
    ],
    sourceIp: '192.0.2.7',
    localPort: 3001,
    body: Buffer.alloc(0),
    receivedAt: ARRIVED,
    ...changes,
  };
}

const target: HttpApiTarget = {
  routeKey: '$default',
  path: '/my/path',
  pathParameters: undefined,
  stage: '$default',
  apiId: 'api-id',
  accountId: '123456789012',
  domainName: 'localhost:3001',
  requestId: 'id',
};

describe('the HTTP API event (Lambda integration, payload format 2.0)', () => {
  it('has the shape of AWS documented example: raw path and query, cookies apart, lower-case headers', () => {
    const event = httpApiEvent(received(), target) satisfies Partial<APIGatewayProxyEventV2>;
    expect(event).toEqual({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/my/path',
      rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
      cookies: ['cookie1', 'cookie2'],
      headers: { header1: 'value1', header2: 'value1,value2', 'user-agent': 'agent' },
      queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
      requestContext: {
        accountId: '123456789012',
        apiId: 'api-id',
        domainName: 'localhost:3001',
        domainPrefix: 'api-id',
        http: { method: 'GET', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '192.0.2.7', userAgent: 'agent' },
        requestId: 'id',
        routeKey: '$default',
        stage: '$default',
        time: '12/Mar/2020:19:03:58 +0000',
        timeEpoch: ARRIVED,
      },
      isBase64Encoded: false,
    });
  });

  it('has no multi-value fields (format 2.0 joins repeats with commas)', () => {
    const event = httpApiEvent(received(), target);
    expect(event).not.toHaveProperty('multiValueHeaders');
    expect(event).not.toHaveProperty('multiValueQueryStringParameters');
  });

  it('puts a named stage in rawPath and requestContext.http.path, and gives the route key and path parameters', () => {
    const event = httpApiEvent(received({ url: new URL('http://localhost/prod/items/42') }), {
      ...target,
      stage: 'prod',
      routeKey: 'GET /items/{id}',
      path: '/items/42',
      pathParameters: { id: '42' },
    });
    expect(event).toMatchObject({
      routeKey: 'GET /items/{id}',
      rawPath: '/prod/items/42',
      rawQueryString: '',
      pathParameters: { id: '42' },
      requestContext: { stage: 'prod', routeKey: 'GET /items/{id}', http: { path: '/prod/items/42' } },
    });
  });

  it('leaves out what the request does not have: query parameters, cookies, path parameters, body', () => {
    const event = httpApiEvent(received({ url: new URL('http://localhost/my/path'), rawHeaders: [] }), target);
    for (const field of ['queryStringParameters', 'cookies', 'pathParameters', 'body']) {
      expect(event).not.toHaveProperty(field);
    }
    expect(event.requestContext.http.userAgent).toBe('');
  });

  it('carries a text body as it is and a binary one base64-encoded and flagged', () => {
    const text = httpApiEvent(
      received({ method: 'POST', rawHeaders: [['content-type', 'text/plain']], body: Buffer.from('héllo') }),
      target,
    );
    expect(text).toMatchObject({ body: 'héllo', isBase64Encoded: false });
    const bytes = Buffer.from([137, 80, 78, 71]);
    const binary = httpApiEvent(
      received({ method: 'POST', rawHeaders: [['content-type', 'image/png']], body: bytes }),
      target,
    );
    expect(binary).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });
});
