/**
 * Item layout of the connections table (one table, three kinds of item per connection):
 *
 *   pk            sk               topic            what it is
 *   conn#<id>     #meta            $all             the connection; every connection is listed under $all
 *   conn#<id>     #unsubscribed    $unsubscribed    present until the first subscribe: "send me everything"
 *   conn#<id>     topic#<t>        <t>              one per subscription
 *
 * The ByTopic index (topic, pk) turns every recipient question into Queries: a targeted broadcast
 * reads `<t>` and `$unsubscribed`, a broadcast to everyone reads `$all`. Reserved names start with
 * `$`, which topics may not.
 */
export const ALL = '$all';
export const UNSUBSCRIBED = '$unsubscribed';
export const META_SK = '#meta';
export const UNSUBSCRIBED_SK = '#unsubscribed';
export const BY_TOPIC_INDEX = 'ByTopic';

const CONNECTION_PREFIX = 'conn#';

export const connectionPk = (connectionId: string) => `${CONNECTION_PREFIX}${connectionId}`;
export const subscriptionSk = (topic: string) => `topic#${topic}`;
export const connectionIdOf = (pk: string) => pk.slice(CONNECTION_PREFIX.length);
