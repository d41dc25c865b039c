import type { Application, WebSocketApiSpec } from '../template/application';

/** The one WebSocket API this port serves: the template's only one, or the one named when it has several. */
export function chooseWebSocketApi(app: Application, templatePath: string, named?: string): WebSocketApiSpec {
  const ids = app.webSocketApis.map((candidate) => candidate.logicalId);
  if (ids.length === 0)
    throw new Error(
      `${templatePath} declares no WebSocket API (AWS::ApiGatewayV2::Api with ProtocolType WEBSOCKET, or AWS::Serverless::WebSocketApi); for REST and HTTP APIs alone, sam local start-api serves them`,
    );
  if (named !== undefined) {
    const api = app.webSocketApis.find((candidate) => candidate.logicalId === named);
    if (!api) throw new Error(`--websocket-api ${named}: the template's WebSocket APIs are ${ids.join(', ')}`);
    return api;
  }
  if (ids.length > 1)
    throw new Error(
      `${templatePath} declares ${ids.length} WebSocket APIs (${ids.join(', ')}): name the one to serve with --websocket-api (one per runtime, each on its own port)`,
    );
  return app.webSocketApis[0]!;
}
