/**
 * The @connections API lives on the WebSocket API's host over HTTPS:
 * wss://abc.execute-api.eu-west-1.amazonaws.com/prod -> https://abc.execute-api.eu-west-1.amazonaws.com/prod
 */
export function managementEndpoint(webSocketEndpoint: string): string {
  return webSocketEndpoint.replace(/^wss:/, 'https:').replace(/^ws:/, 'http:').replace(/\/+$/, '');
}
