import Module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromInstance, FunctionError, InstanceData, ToInstance } from './protocol';

/**
 * One function instance. Like Lambda's Node runtime it puts the layers on the module path, loads the
 * bundle once (init), then runs one invocation at a time with a context object.
 */
const data = workerData as InstanceData;
const port = parentPort!;
const post = (message: FromInstance) => port.postMessage(message);

const asFunctionError = (error: unknown): FunctionError =>
  error instanceof Error
    ? { errorType: error.name, errorMessage: error.message, stack: error.stack }
    : { errorType: 'Error', errorMessage: String(error) };

// Node reads NODE_PATH once per thread; re-reading it here is what Lambda's /opt/nodejs setup amounts to.
process.env.NODE_PATH = data.nodePath.join(':');
(Module as unknown as { _initPaths(): void })._initPaths();

type Handler = (event: unknown, context: unknown) => unknown;
let handler: Handler | undefined;
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(data.entry) as Record<string, unknown>;
  const candidate = loaded[data.handlerName];
  if (typeof candidate !== 'function') throw Object.assign(new Error(`${data.entry} exports no function ${data.handlerName}`), { name: 'Runtime.HandlerNotFound' });
  handler = candidate as Handler;
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'init-error', error: asFunctionError(error) });
}

port.on('message', async (message: ToInstance) => {
  const { id, event, context } = message;
  const lambdaContext = {
    ...context,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, context.deadline - Date.now()),
  };
  try {
    const result = await handler!(event, lambdaContext);
    post({ type: 'result', id, result: result === undefined ? null : result });
  } catch (error) {
    post({ type: 'error', id, error: asFunctionError(error) });
  }
});
