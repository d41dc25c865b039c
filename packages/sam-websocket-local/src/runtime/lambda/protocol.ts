/** Messages between the runtime and a function instance (a worker thread standing in for a Lambda sandbox). */
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
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: FunctionError };

export interface InstanceData {
  /** Absolute path of the built bundle. */
  entry: string;
  handlerName: string;
  /** Folders that play /opt/nodejs/node_modules: the layers' module folders. */
  nodePath: string[];
}
