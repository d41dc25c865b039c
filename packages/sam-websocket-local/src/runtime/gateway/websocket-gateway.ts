import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { WebSocketApiSpec, WebSocketRoute } from '../../template/application';
import type { GatewayTaps } from '../console/taps';
import type { Invocation } from '../lambda/function-pool';
import type { RuntimeLog } from '../log';
import { callIntegration, type IntegrationResult, type RouteEvent } from '../integrations/call-integration';
import { authorizeConnect } from './connect-authorizer';
import type { ConnectionsPort } from './connections-api';
import { CLOSE_REASONS, ConnectionRegistry, type LiveConnection } from './connection-registry';
import { FrameGuard } from './frame-guard';
import { frameError, GATEWAY_ERRORS, handshakeRefusal } from './gateway-errors';
import { handshakeProblem } from './handshake';
import { newConnectionId, newRequestId } from './ids';
import type { GatewayLimits } from './limits';
import { selectRouteKey } from './route-selection';
import {
  type ApiContext,
  type ConnectedClient,
  connectEvent,
  connectedClient,
  disconnectEvent,
  messageEvent,
} from './websocket-events';

export interface GatewayOptions {
  api: WebSocketApiSpec;
  context: ApiContext;
  limits: GatewayLimits;
  invoke: (functionId: string, event: unknown) => Promise<Invocation>;
  /** Queues an asynchronous invocation, for Lambda integrations with `X-Amz-Invocation-Type: 'Event'`. */
  invokeAsync?: (functionId: string, event: unknown) => string;
  /** The runtime's store, for AWS integrations to DynamoDB. */
  dynamodb?: DynamoDBClient;
  log: RuntimeLog;
  /** For an authorizer's methodArn. */
  region: string;
  accountId: string;
  /** Checks the handshake's SigV4 signature when $connect is AWS_IAM (strict mode); the reason to refuse, if any. */
  verifyIam?: (request: IncomingMessage) => Promise<string | undefined>;
}

const DATA_OPCODES = new Set([0x0, 0x1, 0x2]);

/** The WebSocket side of API Gateway: handshakes through $connect, route selection, quotas, $disconnect. */
export class WebSocketGateway implements ConnectionsPort {
  readonly registry: ConnectionRegistry;
  private readonly server: WebSocketServer;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: GatewayOptions) {
    this.registry = new ConnectionRegistry(options.limits.maxBufferedBytes);
    this.server = new WebSocketServer({
      noServer: true,
      maxPayload: options.limits.maxMessageBytes,
      perMessageDeflate: false,
      handleProtocols: (_protocols, request) =>
        (request as IncomingMessage & { selectedProtocol?: string }).selectedProtocol ?? false,
    });
  }

  get connections(): Map<string, LiveConnection> {
    return this.registry.connections;
  }

  /** Sees connections open and close and frames come and go (the console). */
  get taps(): GatewayTaps | undefined {
    return this.registry.taps;
  }

  set taps(taps: GatewayTaps | undefined) {
    this.registry.taps = taps;
  }

  /** Resolves when every $connect, message and $disconnect invocation started so far has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.track(this.upgrade(request, socket, head));
  }

  // The registry's face, for @connections, the console and shutdown.
  post = (connectionId: string, data: Buffer) => this.registry.post(connectionId, data);
  describe = (connectionId: string) => this.registry.describe(connectionId);
  delete = (connectionId: string) => this.registry.delete(connectionId);
  close = (connectionId: string, code: number, reason: string) => this.registry.close(connectionId, code, reason);
  closeAll = (code: number, reason: string) => this.registry.closeAll(code, reason);
  closeAllAndWait = (code: number, reason: string, graceMs: number) =>
    this.registry.closeAllAndWait(code, reason, graceMs);

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const problem = handshakeProblem(request);
    if (problem) {
      this.refuse(socket, problem.status, problem.message);
      return;
    }
    const client = connectedClient(request, newConnectionId());
    const refusal = await this.authorize(request, client);
    if (refusal) {
      this.refuse(socket, refusal.status, JSON.stringify({ message: refusal.message }));
      return;
    }
    const route = this.options.api.routes.get('$connect');
    if (route) {
      const outcome = await this.run(route, connectEvent(this.options.context, client, request));
      // A $connect past its timeout: 504, API Gateway's status for a timed-out request (AWS documents none for a handshake).
      const status = outcome.ok ? outcome.statusCode : outcome.timedOut ? GATEWAY_ERRORS.endpointTimeout.status : 500;
      if (status < 200 || status >= 300) {
        this.refuse(socket, status, outcome.ok ? outcome.body : undefined);
        return;
      }
      const protocol = outcome.ok ? outcome.headers?.['Sec-WebSocket-Protocol'] : undefined;
      if (protocol) (request as IncomingMessage & { selectedProtocol?: string }).selectedProtocol = protocol;
    }
    // From here $connect has said yes, so exactly one $disconnect follows, whatever the socket does:
    // a client that left while $connect ran (FIN or RST) is destroyed by ws without a callback.
    let accepted = false;
    const abandoned = () => {
      if (!accepted) this.disconnected(client, 1006, CLOSE_REASONS[1006]!);
    };
    if (socket.destroyed || !socket.readable || !socket.writable) {
      socket.destroy();
      abandoned();
      return;
    }
    socket.once('close', abandoned);
    this.server.handleUpgrade(request, socket, head, (ws) => {
      accepted = true;
      socket.off('close', abandoned);
      this.accept(ws, socket, client);
    });
  }

  /** An API key, IAM (in strict mode), then a Lambda authorizer, as the template asks; sets the authorizer's context on `client`. */
  private async authorize(
    request: IncomingMessage,
    client: ConnectedClient,
  ): Promise<{ status: number; message: string } | undefined> {
    // Which keys are valid lives in usage plans the runtime cannot know: any key passes, none does not.
    if (this.options.api.apiKeyOnConnect && !request.headers['x-api-key']) {
      this.options.log.info('authorize', { apiKey: 'missing', status: 403 });
      return { status: 403, message: GATEWAY_ERRORS.forbidden.message };
    }
    if (this.options.api.iamOnConnect && this.options.verifyIam) {
      // A signature the signer cannot even recompute is as bad as a wrong one.
      const reason = await this.options.verifyIam(request).catch(() => 'Forbidden');
      if (reason) {
        this.options.log.info('authorize', { iam: 'AWS_IAM', status: 403, reason });
        return { status: 403, message: reason };
      }
    }
    const { authorizer } = this.options.api;
    if (!authorizer) return undefined;
    const decision = await authorizeConnect(
      authorizer,
      { ...this.options.context, region: this.options.region, accountId: this.options.accountId },
      client,
      request,
      this.options.invoke,
    );
    this.options.log.info('authorize', { fn: authorizer.functionId, status: decision.allowed ? 200 : decision.status });
    if (!decision.allowed) return { status: decision.status, message: decision.message };
    client.authorizer = decision.context;
    return undefined;
  }

  private refuse(socket: Duplex, status: number, body: string | undefined): void {
    socket.end(handshakeRefusal(status, body));
  }

  private accept(ws: WebSocket, socket: Duplex, client: ConnectedClient): void {
    const { limits } = this.options;
    const connection: LiveConnection = {
      ...client,
      socket: ws,
      lastActiveAt: Date.now(),
      idleTimer: setTimeout(() => this.close(client.connectionId, 1001, CLOSE_REASONS[1001]!), limits.idleTimeoutMs),
      maxTimer: setTimeout(() => this.close(client.connectionId, 1001, CLOSE_REASONS[1001]!), limits.maxConnectionMs),
      inFlight: 0,
    };
    this.registry.add(connection);
    this.taps?.opened(client.connectionId);

    const guard = new FrameGuard((length, opcode) => {
      if (DATA_OPCODES.has(opcode) && length > limits.maxFrameBytes)
        this.close(client.connectionId, 1009, CLOSE_REASONS[1009]!);
    });
    socket.prependListener('data', (chunk: Buffer) => guard.feed(chunk));

    const touch = () => {
      connection.lastActiveAt = Date.now();
      connection.idleTimer.refresh();
    };
    ws.on('ping', touch);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (connection.closing) return;
      // API Gateway takes text frames only: a binary one ends the connection with 1003.
      if (isBinary) {
        this.close(connection.connectionId, 1003, CLOSE_REASONS[1003]!);
        return;
      }
      touch();
      this.taps?.received(connection.connectionId, data);
      if (connection.inFlight >= limits.maxMessagesInFlight) {
        this.taps?.refused(connection.connectionId);
        this.reply(connection, frameError('tooManyRequests', connection.connectionId, newRequestId()));
        return;
      }
      connection.inFlight++;
      this.track(this.dispatch(connection, data).finally(() => connection.inFlight--));
    });
    ws.on('error', (error: Error & { code?: string }) => {
      // ws reports oversized messages as errors and closes with 1009 itself.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
        connection.closing ??= { code: 1009, reason: CLOSE_REASONS[1009]! };
    });
    ws.on('close', (code: number, reason: Buffer) => {
      clearTimeout(connection.idleTimer);
      clearTimeout(connection.maxTimer);
      this.registry.remove(client.connectionId);
      const status = connection.closing?.code ?? code;
      const why = connection.closing?.reason ?? (reason.toString() || CLOSE_REASONS[status] || `Closed with ${status}`);
      this.taps?.closed(client.connectionId, status, why);
      this.disconnected(client, status, why);
    });
  }

  private async dispatch(connection: LiveConnection, data: Buffer): Promise<void> {
    const { api } = this.options;
    const routeKey = selectRouteKey(api.routeSelectionExpression, data.toString('utf8'));
    const route = api.routes.get(routeKey) ?? api.routes.get('$default');
    if (!route) {
      this.reply(connection, frameError('forbidden', connection.connectionId, newRequestId()));
      return;
    }
    const event = messageEvent(this.options.context, connection, route.routeKey, data);
    const outcome = await this.run(route, event);
    if (!outcome.ok) {
      const error = outcome.timedOut ? 'endpointTimeout' : 'internal';
      this.reply(connection, frameError(error, connection.connectionId, event.requestContext.requestId));
      return;
    }
    const { body } = outcome;
    if (route.twoWay && typeof body === 'string') {
      this.reply(connection, outcome.isBase64Encoded ? Buffer.from(body, 'base64') : body);
    }
  }

  private reply(connection: LiveConnection, data: string | Buffer): void {
    this.registry.reply(connection, data);
  }

  private disconnected(client: ConnectedClient, code: number, reason: string): void {
    const route = this.options.api.routes.get('$disconnect');
    if (route) this.track(this.run(route, disconnectEvent(this.options.context, client, code, reason)));
  }

  /** Runs a route's integration on an event of this gateway's making. */
  private run(route: WebSocketRoute, event: RouteEvent): Promise<IntegrationResult> {
    return callIntegration(route.integration, event, this.options);
  }

  private track<T>(work: Promise<T>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => undefined);
  }
}
