import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { managementEndpoint } from '../core';

/**
 * The SDK's management client, for GET and DELETE on @connections; broadcasts send through the
 * lean `createConnectionSender`. Retries are the caller's, so the SDK makes one attempt.
 */
export function createManagementClient(webSocketEndpoint: string, maxSockets: number): ApiGatewayManagementApiClient {
  return new ApiGatewayManagementApiClient({
    endpoint: managementEndpoint(webSocketEndpoint),
    maxAttempts: 1,
    // Resolve the middleware stack once per command type instead of on every send: a broadcast is
    // thousands of identical PostToConnection calls, and resolution was a third of their CPU.
    cacheMiddleware: true,
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
    }),
  });
}

export function postToConnection(client: ApiGatewayManagementApiClient, connectionId: string, data: Uint8Array) {
  return client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
}
