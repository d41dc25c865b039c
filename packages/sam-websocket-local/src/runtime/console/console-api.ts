import type { IncomingMessage } from 'node:http';
import type { AccountThrottle } from '../gateway/account-throttle';
import { readBody, BodyTooLargeError } from '../gateway/http-io';
import type { GatewayLimits } from '../gateway/limits';
import { type Invocation, logsWritten } from '../lambda/function-pool';
import { type ActivityFilter, matches, summary } from './activity';
import { BadRequest } from './bad-request';
import { closeCode, closeReason, type ConsoleGateway, connectionsPage } from './connections-view';
import { LOG_CAPACITY, type Recorder } from './recorder';
import { sampleEvents } from './sample-events';
import type { TableBrowser } from './table-browser';

export interface FunctionsPort {
  invoke(functionId: string, event: unknown): Promise<Invocation>;
  describe(): {
    logicalId: string;
    functionName: string;
    timeoutSeconds: number;
    memoryMb: number;
    instances: number;
  }[];
  readonly instances: number;
}

/** What the console shows about the runtime and never changes. */
export interface StackDescription {
  templatePath: string;
  stage: string;
  webSocketUrl: string;
  managementEndpoint: string;
  limits: GatewayLimits;
  throttle?: AccountThrottle;
  maxInstancesPerFunction: number;
  /** WebSocket route key → function. */
  routes: Record<string, string>;
  /** Per logical id: runtime and handler, as the template says. */
  functions: Record<string, { runtime: string; handler: string }>;
}

export interface ApiContext {
  gateway: ConsoleGateway;
  functions: FunctionsPort;
  recorder: Recorder;
  tables: TableBrowser;
  projectRoot: string;
  stack: StackDescription;
  counters(): unknown;
}

export type Answer = { status: number; body: unknown } | undefined;

// The console's own limits on what it reads: a frame as @connections takes it, an event as Lambda takes it.
const SYNC_INVOKE_LIMIT = 6 * 1024 * 1024;

/** One call of the API: /_console/api/<collection>/<id>/<action>. */
interface Call {
  method: string;
  id?: string;
  action?: string;
  query: URLSearchParams;
  request: IncomingMessage;
}

type Collection = (context: ApiContext, call: Call) => Promise<Answer> | Answer;

const COLLECTIONS: Record<string, Collection> = {
  overview: (context, { method, id }) =>
    method === 'GET' && !id ? ok(overview(context.stack, context.counters())) : undefined,
  connections,
  log: ({ recorder }, { method, id, query }) => {
    if (method !== 'GET') return undefined;
    if (!id) return ok(logPage(recorder, query));
    const detail = recorder.detail(Number(id));
    return detail ? ok(detail) : { status: 404, body: { message: `Log entry ${id} is no longer kept` } };
  },
  functions: async ({ functions, stack }, { method, id, action, request }) => {
    if (method === 'GET' && !id)
      return ok(functions.describe().map((fn) => ({ ...fn, ...stack.functions[fn.logicalId] })));
    if (method === 'POST' && id && action === 'invoke')
      return invoke(functions, id, await body(request, SYNC_INVOKE_LIMIT));
    return undefined;
  },
  events: ({ projectRoot }, { method, id }) => (method === 'GET' && !id ? ok(sampleEvents(projectRoot)) : undefined),
  tables: async ({ tables }, { method, id, query }) => {
    if (method !== 'GET') return undefined;
    if (!id) return ok(tables.tableNames);
    const limit = integer(query, 'limit', 25, 1, 200);
    const page = await tables.page(id, limit, query.get('q') ?? '', query.get('cursor') ?? undefined);
    return page ? ok(page) : { status: 404, body: { message: `No table ${id} in the template` } };
  },
};

/** The console's JSON API: `method` and `path` (after /_console/api/) → status and body, or undefined for no such call. */
export function consoleApi(context: ApiContext) {
  return async (method: string, path: string, query: URLSearchParams, request: IncomingMessage): Promise<Answer> => {
    const [collection, id, action, ...more] = path.split('/').map((part) => decodeURIComponent(part));
    const handler = Object.hasOwn(COLLECTIONS, collection!) ? COLLECTIONS[collection!] : undefined;
    if (!handler || more.length > 0) return undefined;
    return handler(context, { method, id: id || undefined, action, query, request });
  };
}

async function connections({ gateway, recorder, stack }: ApiContext, call: Call): Promise<Answer> {
  const { method, id, action, query, request } = call;
  if (method === 'GET' && !id)
    return ok(
      connectionsPage(gateway, recorder.messages, {
        offset: integer(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
        limit: integer(query, 'limit', 50, 1, 500),
        search: query.get('q') ?? '',
      }),
    );
  if (method !== 'POST' || !id) return undefined;
  if (action === 'send') {
    const data = await body(request, stack.limits.maxMessageBytes);
    return gateway.post(id, data) ? ok({ sent: data.length }) : gone(id);
  }
  if (action === 'close') {
    const { code, reason } = json(await body(request, 4096)) as { code?: unknown; reason?: unknown };
    return gateway.close(id, closeCode(code), closeReason(reason)) ? ok({ closing: id }) : gone(id);
  }
  return undefined;
}

const ok = (body: unknown): Answer => ({ status: 200, body });
const gone = (id: string): Answer => ({ status: 410, body: { message: `Connection ${id} is gone` } });

function overview(stack: StackDescription, counters: unknown) {
  const { throttle, limits } = stack;
  return {
    templatePath: stack.templatePath,
    stage: stack.stage,
    webSocketUrl: stack.webSocketUrl,
    managementEndpoint: stack.managementEndpoint,
    routes: stack.routes,
    quotas: {
      ...limits,
      throttle: throttle ? throttle.settings : 'off (--throttle-rate turns it on)',
      maxInstancesPerFunction: stack.maxInstancesPerFunction,
    },
    counters,
  };
}

/** Newest first, `limit` at most, older than `before` when given (for paging back), filtered. */
function logPage(recorder: Recorder, query: URLSearchParams) {
  const filter: ActivityFilter = {
    connectionId: query.get('connectionId') || undefined,
    routeKey: query.get('routeKey') || undefined,
    functionId: query.get('functionId') || undefined,
    errorsOnly: query.get('errors') === '1',
  };
  const before = integer(query, 'before', Number.MAX_SAFE_INTEGER, 0, Number.MAX_SAFE_INTEGER);
  const limit = integer(query, 'limit', 200, 1, LOG_CAPACITY);
  const lines = [];
  for (const entry of recorder.log.newest()) {
    if (entry.id >= before || !matches(entry, filter)) continue;
    lines.push(summary(entry));
    if (lines.length === limit) break;
  }
  return { lines, kept: recorder.log.size, capacity: LOG_CAPACITY };
}

async function invoke(functions: FunctionsPort, functionId: string, text: Buffer): Promise<Answer> {
  if (!functions.describe().some((fn) => fn.logicalId === functionId))
    return { status: 404, body: { message: `No function ${functionId} in the template` } };
  const event = text.length === 0 ? {} : json(text);
  const invocation = await functions.invoke(functionId, event);
  await logsWritten(invocation);
  const { outcome, requestId, durationMs, coldStart, logs } = invocation;
  return ok({
    ok: outcome.ok,
    ...(outcome.ok ? { result: outcome.result } : { error: outcome.error }),
    requestId,
    durationMs: Math.round(durationMs),
    coldStart,
    logs: logs ?? [],
  });
}

async function body(request: IncomingMessage, limit: number): Promise<Buffer> {
  try {
    return await readBody(request, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new BadRequest(`the body is over ${limit} bytes`);
    throw error;
  }
}

function json(text: Buffer): unknown {
  try {
    return JSON.parse(text.toString('utf8'));
  } catch (error) {
    throw new BadRequest(`the body is not JSON: ${(error as Error).message}`);
  }
}

function integer(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new BadRequest(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}
