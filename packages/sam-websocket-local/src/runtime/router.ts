import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestUrl } from './gateway/request-url';
import type { Duplex } from 'node:stream';
import type { AccountThrottle } from './gateway/account-throttle';
import type { BrowserGuard } from './gateway/browser-guard';
import { handleConnectionsApi } from './gateway/connections-api';
import { sendJson } from './gateway/http-io';
import { handshakeRefusal, sendGatewayError } from './gateway/gateway-errors';
import type { GatewayLimits } from './gateway/limits';
import { handleHttpApi, type HttpApiRoutes } from './gateway/http-api';
import { handleRest, type RestApiRoutes } from './gateway/rest-api';
import type { WebSocketGateway } from './gateway/websocket-gateway';
import { handleInvokeApi, INVOKE_PATH, type InvokeApiOptions } from './gateway/invoke-api';
import type { DevPage } from './dev-page';
import type { LocalConsole } from './console/local-console';
import type { PortHandlers } from './listeners';

export interface RouterParts {
  gateway: WebSocketGateway;
  stage: string;
  limits: GatewayLimits;
  rest: RestApiRoutes;
  http: HttpApiRoutes;
  invokeApi: InvokeApiOptions;
  throttle?: AccountThrottle;
  /** Refuses foreign Host headers and cross-site browser calls of the non-browser endpoints. */
  guard?: BrowserGuard;
  devPage?: DevPage;
  /** /_console/: ahead of the app's routes, and outside its throttle. */
  console?: LocalConsole;
  /** Checks an @connections call's signature in strict mode; a string refuses it. */
  signedByKnownKey?: (request: IncomingMessage, body: Buffer) => Promise<string | undefined>;
  stats(): Record<string, number>;
  /** For the 404's hint: where things are. */
  describe(): string;
}

/** `decodeURIComponent`, or undefined for a malformed escape (API Gateway answers those 400). */
const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

const MANAGEMENT_PATH = /^(?:\/([^/]+))?\/@connections\/([^/]+)\/?$/;

/** One port for everything, as the paths tell: Invoke API, @connections, REST stages, WebSocket upgrades. */
export function createRouter(parts: RouterParts): PortHandlers {
  const { gateway, stage, throttle } = parts;
  const restStages = new Set(parts.rest.routes.map((route) => route.stage));
  const httpStages = new Set(parts.http.routes.map((route) => route.stage));
  return {
    async request(request, response) {
      // An SDK endpoint written with a trailing slash asks for /stage//@connections/…; AWS takes it.
      const path = requestUrl(request).pathname.replace(/\/{2,}/g, '/');
      // A malformed escape anywhere in the path is the caller's error, whatever route it was meant for.
      if (safeDecode(path) === undefined) return sendJson(response, 400, { message: 'Bad Request' });
      const foreignHost = parts.guard?.hostRefusal(request);
      if (foreignHost) return sendForbidden(response, foreignHost);
      if (parts.console && (await parts.console.serve(path, request, response))) return;
      if (path === '/_dev/stats') return sendJson(response, 200, parts.stats());
      if (path.startsWith('/_dev') && parts.devPage && (await parts.devPage.serve(path, response))) return;
      const lambdaInvoke = INVOKE_PATH.exec(path);
      const management = MANAGEMENT_PATH.exec(path);
      const crossSite =
        (lambdaInvoke || management) &&
        parts.guard?.crossSiteRefusal(request, lambdaInvoke ? "Lambda's Invoke API" : '@connections');
      if (crossSite) return sendForbidden(response, crossSite);
      if (lambdaInvoke) return handleInvokeApi(parts.invokeApi, safeDecode(lambdaInvoke[1]!) ?? '', request, response);
      if (management) return connectionsCall(parts, management[1], management[2]!, request, response);
      const [, first, ...restPath] = path.split('/');
      if (first && restStages.has(first)) {
        if (throttle && !throttle.take()) {
          return sendGatewayError(response, 'tooManyRequests');
        }
        if (!(await handleRest(parts.rest, first, `/${restPath.join('/')}`, request, response))) {
          // API Gateway's answer for a path or method no resource has.
          sendGatewayError(response, 'missingAuthenticationToken');
        }
        return;
      }
      // HTTP APIs: a named stage is the first segment; the $default stage has none.
      const httpStage = first && httpStages.has(first) ? first : '$default';
      if (httpStages.has(httpStage) && (!throttle || throttle.take())) {
        if (
          await handleHttpApi(
            parts.http,
            httpStage,
            httpStage === '$default' ? path : `/${restPath.join('/')}`,
            request,
            response,
          )
        )
          return;
      }
      sendJson(response, 404, { message: `Nothing at ${path}. ${parts.describe()}` });
    },
    upgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
      const path = requestUrl(request).pathname.replace(/\/+$/, '');
      const foreignHost = parts.guard?.hostRefusal(request);
      if (foreignHost) socket.end(handshakeRefusal(403, foreignHost));
      else if (path === '' || path === `/${stage}`) gateway.handleUpgrade(request, socket, head);
      else socket.end(handshakeRefusal(404));
    },
  };
}

function sendForbidden(response: ServerResponse, message: string): void {
  sendGatewayError(response, 'forbidden', message);
}

async function connectionsCall(
  parts: RouterParts,
  pathStage: string | undefined,
  escapedId: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (parts.throttle && !parts.throttle.take()) {
    return sendGatewayError(response, 'rateExceeded');
  }
  if (pathStage !== undefined && pathStage !== parts.stage) {
    return sendGatewayError(response, 'forbidden');
  }
  const connectionId = safeDecode(escapedId);
  if (connectionId === undefined) {
    return sendGatewayError(response, 'badRequest', 'The connection id in the path is not a valid URL escape');
  }
  await handleConnectionsApi(
    parts.gateway,
    parts.limits.maxMessageBytes,
    connectionId,
    request,
    response,
    parts.signedByKnownKey,
  );
}
