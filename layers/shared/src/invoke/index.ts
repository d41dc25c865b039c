/** `@comments-websocket/shared/invoke`: the Lambda client of the fan-out workers, loaded only by the functions that split broadcasts. */
export { FanoutWorkers, WorkerInvocationError } from './fanout-workers';
export { fanoutFromEnvironment } from './fanout-environment';
