/**
 * `@comments-websocket/shared`, the layer's core: no AWS SDK and no schema library, so a function
 * that needs neither loads neither. The other entries (`/store`, `/invoke`, `/messages`,
 * `/broadcast`, `/auth`) are the folders beside this one; they reach the core as `../core`, which
 * the layer's build keeps a separate module, so there is one core (one logger, one metrics buffer).
 */
export * from './errors';
export * from './limits';
export * from './config';
export * from './logging/logger';
export * from './logging/metrics';
export * from './connection-store';
export * from './issues';
export * from './http/json-body';
export * from './http/responses';
export * from './websocket/replies';
export * from './websocket/event';
export * from './websocket/client-message';
export * from './websocket/origin';
export * from './recipient-plan';
export * from './item-keys';
export * from './reports';
export * from './management-endpoint';
