/** `@comments-websocket/shared/invoke`: the Lambda client of the fan-out workers, loaded only by the functions that split broadcasts. */
export * from './invoke/fanout-workers';
export * from './invoke/fanout-environment';
