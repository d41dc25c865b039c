/** The layer's core: no AWS SDK and no schema library, so a function that needs neither loads neither. */
export * from './errors';
export * from './limits';
export * from './logging/logger';
export * from './logging/metrics';
export * from './store/connection-store';
export * from './schemas/issues';
export * from './http/json-body';
export * from './http/responses';
export * from './websocket/replies';
export * from './config';
export * from './websocket/event';
export * from './websocket/client-message';
export * from './websocket/origin';
export * from './fanout/recipient-plan';
