import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocketApiSpec } from '../../template/application';
import { requestUrl } from '../gateway/request-url';
import { sendJson } from '../gateway/http-io';
import { BadRequest } from './bad-request';
import { type ApiContext, consoleApi } from './console-api';
import type { ConsoleGateway } from './connections-view';
import { EventStream } from './event-stream';
import { PAGE_HEADERS, servePageFile } from './page-assets';
import { Recorder } from './recorder';
import { RequestGuard } from './request-guard';
import { TableBrowser } from './table-browser';
import type { GatewayTaps, InvocationTap } from './taps';
import type { StackDescription, FunctionsPort } from './console-api';
import type { RuntimeLog } from '../log';

export const CONSOLE_PATH = '/_console';

export interface ConsoleOptions {
  gateway: ConsoleGateway & { taps?: GatewayTaps };
  functions: FunctionsPort & { observe(tap: InvocationTap): () => void };
  api: WebSocketApiSpec;
  projectRoot: string;
  /** The --host the runtime listens on: a name the console answers to, beside localhost and IP literals. */
  host: string;
  tables: { endpoint: string; region: string; names: string[] };
  stack: StackDescription;
  log: RuntimeLog;
}

/**
 * The runtime's console at /_console/: a page and the JSON and server-sent-events API it uses,
 * for any project the runtime serves. It watches through taps and acts through the same ports as
 * @connections and the Invoke API, outside the app's throttle and quotas.
 */
export class LocalConsole {
  private readonly token = randomBytes(24).toString('base64url');
  private readonly guard: RequestGuard;
  private readonly recorder: Recorder;
  private readonly stream: EventStream;
  private readonly tables: TableBrowser;
  private readonly api: ReturnType<typeof consoleApi>;
  private readonly stopObserving: () => void;

  constructor(private readonly options: ConsoleOptions) {
    this.guard = new RequestGuard(this.token, options.host);
    this.stream = new EventStream(() => this.counters());
    this.recorder = new Recorder(options.api, (change) => this.stream.record(change));
    this.tables = new TableBrowser(options.tables.endpoint, options.tables.region, options.tables.names);
    options.gateway.taps = this.recorder;
    this.stopObserving = options.functions.observe(this.recorder.invoked);
    const context: ApiContext = {
      gateway: options.gateway,
      functions: options.functions,
      recorder: this.recorder,
      tables: this.tables,
      projectRoot: options.projectRoot,
      stack: options.stack,
      counters: () => this.counters(),
    };
    this.api = consoleApi(context);
  }

  /** Answers a request under /_console; false for a path that is not the console's. */
  async serve(path: string, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    if (path !== CONSOLE_PATH && !path.startsWith(`${CONSOLE_PATH}/`)) return false;
    if (path === CONSOLE_PATH) {
      response.writeHead(301, { Location: `${CONSOLE_PATH}/` });
      response.end();
      return true;
    }
    const rest = path.slice(CONSOLE_PATH.length + 1);
    const isApi = rest.startsWith('api/');
    const url = requestUrl(request);
    const refusal = this.guard.refusal(request, isApi, url.searchParams.get('token'));
    if (refusal) {
      // Said in the runtime's log too: another page trying to drive the console is worth knowing about.
      this.options.log.warn('console refused a request', { path, reason: refusal });
      sendJson(response, 403, { message: `Refused: ${refusal}` }, PAGE_HEADERS);
      return true;
    }
    if (!isApi) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return this.notAllowed(response);
      return servePageFile(rest, this.token, response) || this.notFound(response, path);
    }
    if (rest === 'api/stream' && request.method === 'GET') {
      this.stream.attach(response);
      return true;
    }
    try {
      const answer = await this.api(request.method ?? 'GET', rest.slice('api/'.length), url.searchParams, request);
      if (!answer) return this.notFound(response, path);
      sendJson(response, answer.status, answer.body, PAGE_HEADERS);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      sendJson(response, 400, { message: error.message }, PAGE_HEADERS);
    }
    return true;
  }

  close(): void {
    this.stopObserving();
    this.options.gateway.taps = undefined;
    this.stream.close();
    this.tables.close();
  }

  private counters() {
    const { counters } = this.recorder;
    const throttled = this.options.stack.throttle?.throttled ?? 0;
    return {
      connections: this.options.gateway.connections.size,
      messagesIn: counters.messagesIn,
      messagesOut: counters.messagesOut,
      messagesPerSecond: counters.messagesPerSecond(),
      invocations: counters.invocations,
      invocationErrors: counters.invocationErrors,
      throttled: throttled + counters.refused,
      functionInstances: this.options.functions.instances,
    };
  }

  private notFound(response: ServerResponse, path: string): true {
    sendJson(response, 404, { message: `The console has nothing at ${path}` }, PAGE_HEADERS);
    return true;
  }

  private notAllowed(response: ServerResponse): true {
    sendJson(response, 405, { message: 'The console page takes GET only' }, PAGE_HEADERS);
    return true;
  }
}
