import { existsSync, openSync, readFileSync, readSync } from 'node:fs';
import Module, { register } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { installEndpointRedirect } from './endpoint-redirect';
import { callHandler, type Handler } from './handler-call';
import { registerWhenNeeded } from './module-paths-registration';
import type { FromInstance, FunctionError, NodeInstanceData, ToInstance } from '../protocol';

/**
 * One Node function instance. Like Lambda's Node runtime it puts the layers and the SDK on the
 * module path, loads the handler file once (init: CommonJS or ES module), then runs one invocation
 * at a time with a context object.
 */
const data = workerData as NodeInstanceData;
const port = parentPort!;
const post = (message: FromInstance) => port.postMessage(message);

/**
 * What the thread has written to stdout and stderr: a worker's output reaches the runtime on
 * another channel than its messages, so the result says how much the invocation wrote and the
 * runtime can tell when all of it is in.
 */
let outputBytes = 0;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    outputBytes +=
      typeof chunk === 'string'
        ? Buffer.byteLength(chunk, (typeof rest[0] === 'string' ? rest[0] : 'utf8') as BufferEncoding)
        : chunk.byteLength;
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

const asFunctionError = (error: unknown): FunctionError =>
  error instanceof Error
    ? { errorType: error.name, errorMessage: error.message, stack: error.stack }
    : { errorType: typeof error === 'string' ? 'string' : 'Error', errorMessage: String(error) };

// Node reads NODE_PATH once per thread; re-reading it here is what Lambda's /opt/nodejs setup amounts to.
process.env.NODE_PATH = data.modulePaths.join(':');
(Module as unknown as { _initPaths(): void })._initPaths();
const modulePathsHook = registerWhenNeeded(() =>
  register(pathToFileURL(join(__dirname, 'module-paths-hook.mjs')), { data: { paths: data.modulePaths } }),
);
installEndpointRedirect(data.redirect);

/** The handler file as Lambda looks for it: .js, then .mjs, then .cjs. */
async function loadHandler(): Promise<Handler> {
  const file = ['.js', '.mjs', '.cjs'].map((extension) => data.entryBase + extension).find((path) => existsSync(path));
  if (!file)
    throw Object.assign(new Error(`Cannot find module '${data.entryBase}' (.js, .mjs or .cjs)`), {
      name: 'Runtime.ImportModuleError',
    });
  const loaded = await importModule(file);
  const candidate = loaded[data.handlerName];
  if (typeof candidate !== 'function')
    throw Object.assign(new Error(`${file} exports no function ${data.handlerName}`), {
      name: 'Runtime.HandlerNotFound',
    });
  return candidate as Handler;
}

/**
 * The handler's module, loaded once. Its top level throwing is the function's init error, named as
 * Lambda names it: a syntax error `Runtime.UserCodeSyntaxError`, anything else `Runtime.ImportModuleError`.
 */
async function importModule(file: string): Promise<Record<string, unknown>> {
  try {
    // Imported, not required, when an ES module: require(esm) would bypass the module-paths hook.
    if (isEsModule(file)) {
      modulePathsHook.now();
      return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as Record<string, unknown>;
  } catch (error) {
    const cause = error instanceof Error ? error : new Error(String(error));
    throw Object.assign(new Error(`${cause.name}: ${cause.message}`), {
      name: cause instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError',
      stack: cause.stack,
    });
  }
}

/** .mjs, or .js under a package.json saying "type": "module" (the nearest one decides, as in Node). */
function isEsModule(file: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest))
      return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type === 'module';
    if (dirname(dir) === dir) return false;
  }
}

/**
 * CPU time of this thread (ms): the kernel's per-thread run time, which unlike the event loop's busy
 * time does not count waiting for a core on a loaded machine. Linux only; undefined elsewhere. The
 * file stays open (it names the thread that opened it; Node closes it when the thread ends) and is
 * re-read in place: one read per call instead of an open, a stat, a read and a close.
 */
let schedstat: number | undefined;
let noSchedstat = false;
const schedstatText = Buffer.alloc(64);
function threadCpuMs(): number | undefined {
  if (noSchedstat) return undefined;
  try {
    schedstat ??= openSync('/proc/thread-self/schedstat', 'r');
    const length = readSync(schedstat, schedstatText, 0, schedstatText.length, 0);
    return Number(schedstatText.toString('latin1', 0, length).split(' ')[0]) / 1e6;
  } catch {
    noSchedstat = true;
    return undefined;
  }
}

loadHandler().then(
  (handler) => {
    post({ type: 'ready' });
    port.on('message', async (message: ToInstance) => {
      const { id, event, context } = message;
      const cpuBefore = threadCpuMs();
      const outputBefore = outputBytes;
      const cpuMs = () => {
        const after = threadCpuMs();
        return after === undefined || cpuBefore === undefined ? undefined : after - cpuBefore;
      };
      try {
        const result = await callHandler(handler, event, context);
        const written = outputBytes - outputBefore;
        post({
          type: 'result',
          id,
          result: result === undefined ? null : result,
          cpuMs: cpuMs(),
          outputBytes: written,
        });
      } catch (error) {
        post({
          type: 'error',
          id,
          error: asFunctionError(error),
          cpuMs: cpuMs(),
          outputBytes: outputBytes - outputBefore,
        });
      }
    });
  },
  (error: unknown) => post({ type: 'init-error', error: asFunctionError(error) }),
);
