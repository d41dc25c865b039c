/**
 * Item layout of the connections table (one table, four kinds of item per connection):
 *
 *   pk            sk               topic              what it is
 *   conn#<id>     #meta            $all#<s>           the connection; every connection is listed under one $all shard
 *   conn#<id>     #unsubscribed    $unsubscribed#<s>  present until the first subscribe: "send me everything"
 *   conn#<id>     #moved#s<ms>     $moved#<second>    written by the first subscribe before #unsubscribed goes,
 *   conn#<id>     #moved#d<ms>     $moved#<second>    and after it is gone
 *   conn#<id>     topic#<t>        <t>                one per subscription
 *
 * The ByTopic index (topic, pk) turns every recipient question into Queries: a targeted broadcast
 * reads `<t>`, the `$unsubscribed` shards and the `$moved` seconds it lasted, a broadcast to
 * everyone the `$all` shards. `<s>` is the connection's shard (recipient-plan.ts), so that connects
 * spread their index writes over several partition keys instead of one hot key. A `#moved` item
 * says when a client stopped receiving everything, so that a broadcast that started before can
 * still find it (recipient-plan.ts). Reserved names start with `$`, which topics may not.
 */
export const ALL = '$all';
export const UNSUBSCRIBED = '$unsubscribed';
export const MOVED = '$moved';
export const META_SK = '#meta';
export const UNSUBSCRIBED_SK = '#unsubscribed';
export const BY_TOPIC_INDEX = 'ByTopic';

const CONNECTION_PREFIX = 'conn#';
const MOVED_SK_PREFIX = '#moved#';

export const connectionPk = (connectionId: string) => `${CONNECTION_PREFIX}${connectionId}`;
export const subscriptionSk = (topic: string) => `topic#${topic}`;
export const connectionIdOf = (pk: string) => pk.slice(CONNECTION_PREFIX.length);
/** `s`: stamped before the `#unsubscribed` item is deleted; `d`: after. */
export const movedSk = (stage: 's' | 'd', at: number) => `${MOVED_SK_PREFIX}${stage}${at}`;
export const movedStampOf = (sk: string) => ({
  stage: sk.charAt(MOVED_SK_PREFIX.length) as 's' | 'd',
  at: Number(sk.slice(MOVED_SK_PREFIX.length + 1)),
});
/** Movers are indexed by the second they moved in: a broadcast reads only the seconds it lasted. */
export const movedKey = (second: number) => `${MOVED}#${second}`;

/** The index position of a connection under `key`: a Query resumes after it (ExclusiveStartKey). */
export function indexPosition(key: string, connectionId: string): Record<string, string> {
  const family = key.split('#')[0];
  const sk = family === ALL ? META_SK : family === UNSUBSCRIBED ? UNSUBSCRIBED_SK : subscriptionSk(key);
  return { topic: key, pk: connectionPk(connectionId), sk };
}
