import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * The @connections API lives on the WebSocket API's host over HTTPS:
 * wss://abc.execute-api.eu-west-1.amazonaws.com/prod -> https://abc.execute-api.eu-west-1.amazonaws.com/prod
 */
export function managementEndpoint(webSocketEndpoint: string): string {
  return webSocketEndpoint.replace(/^wss:/, 'https:').replace(/^ws:/, 'http:').replace(/\/+$/, '');
}

/** One keep-alive client for a whole broadcast; retries are ours (fan-out), so the SDK makes one attempt. */
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
