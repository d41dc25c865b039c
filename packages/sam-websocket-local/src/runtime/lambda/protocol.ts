/** Messages between the runtime and a function instance (a worker thread or a process standing in for a Lambda sandbox). */
export interface InvocationContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  /** Epoch ms when the function's timeout expires. */
  deadline: number;
}

export type ToInstance = { type: 'invoke'; id: number; event: unknown; context: InvocationContext };

export interface FunctionError {
  errorType: string;
  errorMessage: string;
  stack?: string;
}

export type FromInstance =
  | { type: 'ready' }
  | { type: 'init-error'; error: FunctionError }
  | { type: 'result'; id: number; result: unknown; cpuMs?: number; outputBytes?: number }
  | { type: 'error'; id: number; error: FunctionError; cpuMs?: number; outputBytes?: number };

/** What a Node instance's bootstrap needs (workerData). */
export interface NodeInstanceData {
  /** The handler file without its extension: .js, .mjs and .cjs are tried, as Lambda does. */
  entryBase: string;
  handlerName: string;
  /** NODE_PATH: the layers' module folders, then the SDK the runtime provides. */
  modulePaths: string[];
  /** Hosts whose HTTPS requests go to the runtime instead (see node/endpoint-redirect). */
  redirect: RedirectRule;
}

/** Requests to AWS hosts that the runtime serves locally, rewritten to plain HTTP on its port. */
export interface RedirectRule {
  /** host:port of the runtime. */
  runtime: string;
  /** host:port of the DynamoDB-compatible store. */
  dynamodb: string;
}
