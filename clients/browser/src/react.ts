/** `@comments-websocket/browser/react`: the hook (needs React; the main entry does not). */
export { type CommentsSocketView, useCommentsSocket } from './use-comments-socket';
