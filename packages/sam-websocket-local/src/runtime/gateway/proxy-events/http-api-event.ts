import { type ApiTarget, arrivalTimes, encodedBody, headerValue, type ReceivedRequest } from './received-request';

/** The HTTP API route a request matched. */
export interface HttpApiTarget extends ApiTarget {
  /** `GET /items/{id}`, or `$default`. */
  routeKey: string;
  /** The path after the stage (the whole path on the `$default` stage). */
  path: string;
  pathParameters: Record<string, string> | undefined;
}

/**
 * An HTTP API's Lambda integration event, payload format 2.0: header names in lower case, repeated
 * headers and query parameters joined with commas, cookies apart, no multi-value fields; fields with
 * nothing to say are left out.
 */
export function httpApiEvent(received: ReceivedRequest, target: HttpApiTarget) {
  const headers: Record<string, string> = {};
  for (const [given, value] of received.rawHeaders) {
    const name = given.toLowerCase();
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const cookies = headers.cookie?.split(/;\s*/);
  delete headers.cookie;
  const query: Record<string, string> = {};
  for (const [name, value] of received.url.searchParams) {
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  }
  const { body, isBase64Encoded } = encodedBody(received);
  const { time, epoch } = arrivalTimes(received);
  const rawPath = target.stage === '$default' ? target.path : `/${target.stage}${target.path}`;
  return {
    version: '2.0',
    routeKey: target.routeKey,
    rawPath,
    rawQueryString: received.url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(received.url.search.length > 1 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: target.accountId,
      apiId: target.apiId,
      domainName: target.domainName,
      domainPrefix: target.apiId,
      http: {
        method: received.method,
        path: rawPath,
        protocol: received.protocol,
        sourceIp: received.sourceIp,
        userAgent: headerValue(received, 'user-agent') ?? '',
      },
      requestId: target.requestId,
      routeKey: target.routeKey,
      stage: target.stage,
      time,
      timeEpoch: epoch,
    },
    ...(target.pathParameters ? { pathParameters: target.pathParameters } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded,
  };
}
