export * from './comments-socket';
export * from './messages';
export * from './use-comments-socket';
