import { proxyHeaders, queryParameters } from '../headers';
import { type ApiTarget, arrivalTimes, encodedBody, headerValue, type ReceivedRequest } from './received-request';

/** The REST resource a request matched: its template path, method event and path parameters. */
export interface RestTarget extends ApiTarget {
  /** The resource's template path, `/items/{id}`. */
  resource: string;
  /** The id API Gateway gives the resource; locally the event's name. */
  resourceId: string;
  /** The path after the stage, `/items/42`. */
  path: string;
  pathParameters: Record<string, string> | null;
  extendedRequestId: string;
}

/**
 * API Gateway's Lambda proxy integration event for REST APIs (payload format 1.0): every header and
 * query parameter twice (last value, all values), absent ones `null`, the path as the client sent it
 * with the stage in requestContext.path.
 */
export function restProxyEvent(received: ReceivedRequest, target: RestTarget) {
  const { body, isBase64Encoded } = encodedBody(received);
  const { time, epoch } = arrivalTimes(received);
  const query = queryParameters(received.url);
  return {
    resource: target.resource,
    path: target.path,
    httpMethod: received.method,
    ...proxyHeaders(received.rawHeaders, received.sourceIp, received.localPort),
    queryStringParameters: query.queryStringParameters ?? null,
    multiValueQueryStringParameters: query.multiValueQueryStringParameters ?? null,
    pathParameters: target.pathParameters,
    stageVariables: null,
    requestContext: {
      resourceId: target.resourceId,
      resourcePath: target.resource,
      httpMethod: received.method,
      extendedRequestId: target.extendedRequestId,
      requestTime: time,
      path: `/${target.stage}${target.path}`,
      accountId: target.accountId,
      protocol: received.protocol,
      stage: target.stage,
      domainPrefix: target.apiId,
      requestTimeEpoch: epoch,
      requestId: target.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: received.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: headerValue(received, 'user-agent') ?? null,
        user: null,
      },
      domainName: target.domainName,
      apiId: target.apiId,
    },
    body: body ?? null,
    isBase64Encoded,
  };
}
