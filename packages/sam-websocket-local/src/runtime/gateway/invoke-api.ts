import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendAwsError } from './http-io';
import { requestUrl } from './request-url';
import { SIGV4_ERROR_TYPES } from './sigv4-verifier';
import type { RuntimeLog } from '../log';
import type { Invocation } from '../lambda/function-pool';
import { logInvocation } from '../lambda/invocation-log';

export const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

export interface InvokeApiOptions {
  /**
   * The logical id of the function named by name, partial or full ARN of this account and region, with
   * no qualifier or one the function has (`$LATEST`, its AutoPublishAlias); undefined otherwise.
   */
  resolve(name: string, qualifier?: string): string | undefined;
  invoke(functionId: string, event: unknown): Promise<Invocation>;
  /** Queues an asynchronous invocation (retries, event age, destinations) and answers its request id. */
  enqueue(functionId: string, event: unknown): string;
  log: RuntimeLog;
  /** Strict mode: why an unsigned or wrongly signed call is refused (403), if it is. */
  authorize?: (request: IncomingMessage, body: Buffer) => Promise<string | undefined>;
}

// Lambda's payload quotas: 6 MB for a synchronous invocation, 1 MB for an asynchronous one.
const SYNC_LIMIT = 6 * 1024 * 1024;
const ASYNC_LIMIT = 1024 * 1024;

/** Lambda's Invoke API (`sam local start-lambda` serves the same), so the SDK's LambdaClient works unchanged. */
export async function handleInvokeApi(
  options: InvokeApiOptions,
  name: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'POST')
    return sendAwsError(
      response,
      405,
      'MethodNotAllowedException',
      `${request.method} is not supported on invocations`,
    );
  const type = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
  if (!['RequestResponse', 'Event', 'DryRun'].includes(type)) {
    return sendAwsError(
      response,
      400,
      'InvalidParameterValueException',
      `InvocationType must be RequestResponse, Event or DryRun, not ${type}`,
    );
  }
  const payload = await readPayload(request, response, type);
  if (payload === REFUSED) return;
  const refusal = await options.authorize?.(request, payload);
  if (refusal) return sendAwsError(response, 403, SIGV4_ERROR_TYPES[refusal] ?? 'InvalidSignatureException', refusal);
  const qualifier = requestUrl(request).searchParams.get('Qualifier') ?? undefined;
  const functionId = options.resolve(name, qualifier);
  if (!functionId)
    return sendAwsError(
      response,
      404,
      'ResourceNotFoundException',
      `Function not found: ${name}${qualifier ? `:${qualifier}` : ''}`,
    );
  const event = parseEvent(payload, response);
  if (event === REFUSED) return;
  if (type === 'DryRun') return end(response, 204);
  if (type === 'Event') return end(response, 202, { 'x-amzn-RequestId': options.enqueue(functionId, event) });
  const invocation = logInvocation(options.log, await options.invoke(functionId, event), functionId, type);
  if (invocation.throttled) return sendThrottled(response, invocation.requestId);
  const { outcome, requestId } = invocation;
  const headers = {
    'Content-Type': 'application/json',
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-RequestId': requestId,
  };
  if (outcome.ok) return end(response, 200, headers, JSON.stringify(outcome.result ?? null));
  const { errorType, errorMessage, stack } = outcome.error;
  const trace = stack?.split('\n') ?? [];
  end(
    response,
    200,
    { ...headers, 'X-Amz-Function-Error': 'Unhandled' },
    JSON.stringify({ errorType, errorMessage, trace }),
  );
}

/** Lambda's 429 past a function's reserved concurrency, as the SDK reads it (TooManyRequestsException). */
function sendThrottled(response: ServerResponse, requestId: string): void {
  const body = JSON.stringify({
    Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
    Type: 'User',
    message: 'Rate Exceeded.',
  });
  end(
    response,
    429,
    {
      'Content-Type': 'application/json',
      'x-amzn-ErrorType': 'TooManyRequestsException',
      'x-amzn-RequestId': requestId,
    },
    body,
  );
}

const REFUSED = Symbol('refused');

/** The invocation's payload, or REFUSED once Lambda's answer to a payload too large is sent. */
async function readPayload(
  request: IncomingMessage,
  response: ServerResponse,
  type: string,
): Promise<Buffer | typeof REFUSED> {
  try {
    return await readBody(request, type === 'Event' ? ASYNC_LIMIT : SYNC_LIMIT);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendAwsError(
      response,
      413,
      'RequestTooLargeException',
      `Request must be smaller than ${error.limit} bytes for the ${type} invocation type`,
    );
    return REFUSED;
  }
}

/** The payload as JSON, or REFUSED once Lambda's answer to a payload that is not JSON is sent. */
function parseEvent(body: Buffer, response: ServerResponse): unknown {
  try {
    return body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    sendAwsError(response, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
    return REFUSED;
  }
}

function end(response: ServerResponse, status: number, headers: Record<string, string> = {}, text = ''): void {
  response.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
