/** `@comments-websocket/shared/invoke`: the Lambda client of the fan-out workers, loaded only by the functions that split broadcasts. */
export * from './fanout-workers';
export * from './fanout-environment';
