import { AwsHttp, AwsServiceError, serviceEndpoint, withRetries } from '../store';

export type InvocationType = 'RequestResponse' | 'Event';

export interface InvokeAnswer {
  /** `Unhandled` (or `Handled`) when the function failed: `payload` is then its error. */
  functionError?: string;
  payload: string;
}

/**
 * Lambda's Invoke without the SDK: a signed POST to `/2015-03-31/functions/<name>/invocations`,
 * with the SDK's endpoint variables, retries and error names (`TooManyRequestsException`…). The
 * SDK's Lambda client cost 95–145 ms to load and ~50 ms more for its first call (the development
 * machine), paid by the first broadcast an environment splits.
 */
export class LambdaInvoke {
  private http?: AwsHttp;

  async invoke(functionName: string, type: InvocationType, payload: string): Promise<InvokeAnswer> {
    // The endpoint is read at the first call, as the SDK's client reads it when it is made.
    const http = (this.http ??= new AwsHttp(serviceEndpoint('lambda')));
    const base = http.endpoint.url.pathname.replace(/\/+$/, '');
    const path = `${base}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
    return withRetries(async (attempt) => {
      const { status, headers, text } = await http.exchange({
        service: 'lambda',
        path,
        headers: { 'Content-Type': 'application/json', 'X-Amz-Invocation-Type': type },
        body: payload,
      });
      if (status >= 200 && status < 300) {
        const functionError = headers['x-amz-function-error'] as string | undefined;
        return { payload: text, ...(functionError && { functionError }) };
      }
      throw invokeError(status, headers['x-amzn-errortype'] as string | undefined, text, headers, attempt);
    });
  }
}

/** Lambda names the error in `X-Amzn-ErrorType` (`TooManyRequestsException:<detail>` at times), else the body's `__type` may. */
function invokeError(
  status: number,
  errorType: string | undefined,
  body: string,
  headers: Record<string, unknown>,
  attempts: number,
): AwsServiceError {
  let message: unknown;
  let type: unknown;
  try {
    const parsed = JSON.parse(body) as { message?: unknown; Message?: unknown; Type?: unknown; __type?: unknown };
    message = parsed.message ?? parsed.Message;
    type = parsed.__type;
  } catch {
    // Not JSON (a proxy's page): the status names it.
  }
  const named = errorType?.split(':')[0] || (typeof type === 'string' && type.slice(type.indexOf('#') + 1));
  const name = named || (status >= 500 ? 'ServiceException' : `HttpError${status}`);
  const text = typeof message === 'string' && message ? message : `${name} (${status})`;
  return new AwsServiceError(name, text, status, headers['x-amzn-requestid'] as string | undefined, attempts);
}
