import type { ServerResponse } from 'node:http';
import { frameError, handshakeRefusal, sendGatewayError } from '../../src/runtime/gateway/gateway-errors';

function captured() {
  const seen: { status?: number; headers?: Record<string, unknown>; body?: string } = {};
  const response = {
    writeHead(status: number, headers: Record<string, unknown>) {
      seen.status = status;
      seen.headers = headers;
    },
    end(body: string) {
      seen.body = body;
    },
  } as unknown as ServerResponse;
  return { response, seen };
}

describe("API Gateway's error answers", () => {
  it.each([
    ['forbidden', 403, 'Forbidden', 'ForbiddenException'],
    ['missingAuthenticationToken', 403, 'Missing Authentication Token', 'MissingAuthenticationTokenException'],
    ['tooManyRequests', 429, 'Too Many Requests', 'TooManyRequestsException'],
    ['rateExceeded', 429, 'Rate exceeded', 'LimitExceededException'],
    ['internal', 500, 'Internal server error', 'InternalServerErrorException'],
  ] as const)('%s answers %i "%s" named %s', (name, status, message, errorType) => {
    const { response, seen } = captured();
    sendGatewayError(response, name);
    expect(seen.status).toBe(status);
    expect(JSON.parse(seen.body!)).toEqual({ message });
    expect(seen.headers).toMatchObject({ 'x-amzn-ErrorType': errorType, 'Content-Type': 'application/json' });
  });

  it('answers without an error type where AWS names none (timeouts, HTTP APIs)', () => {
    for (const [name, status, message] of [
      ['endpointTimeout', 504, 'Endpoint request timed out'],
      ['httpApiInternal', 500, 'Internal Server Error'],
      ['httpApiUnavailable', 503, 'Service Unavailable'],
    ] as const) {
      const { response, seen } = captured();
      sendGatewayError(response, name);
      expect([seen.status, JSON.parse(seen.body!).message]).toEqual([status, message]);
      expect(seen.headers).not.toHaveProperty('x-amzn-ErrorType');
    }
  });

  it("keeps the error's name under another status where AWS does (a failed REST integration: 502)", () => {
    const { response, seen } = captured();
    sendGatewayError(response, 'internal', undefined, 502);
    expect(seen.status).toBe(502);
    expect(seen.headers).toMatchObject({ 'x-amzn-ErrorType': 'InternalServerErrorException' });
  });

  it('says more where AWS does, under the same name', () => {
    const { response, seen } = captured();
    sendGatewayError(response, 'badRequest', 'The connection id in the path is not a valid URL escape');
    expect(seen.status).toBe(400);
    expect(JSON.parse(seen.body!).message).toMatch(/not a valid URL escape/);
  });

  it("writes a WebSocket client's error frame with its connection and request ids", () => {
    expect(JSON.parse(frameError('forbidden', 'c1', 'r1'))).toEqual({
      message: 'Forbidden',
      connectionId: 'c1',
      requestId: 'r1',
    });
  });

  it('refuses a handshake with a complete HTTP answer on the raw socket', () => {
    expect(handshakeRefusal(401, 'Unauthorized')).toBe(
      'HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nUnauthorized',
    );
    expect(handshakeRefusal(404)).toMatch(/^HTTP\/1\.1 404 Not Found\r\n[\s\S]*Content-Length: 0\r\n\r\n$/);
  });
});
