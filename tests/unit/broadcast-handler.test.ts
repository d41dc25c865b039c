import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { emptyReport, shardOf } from '@comments-websocket/shared';
import { DynamoDbConnectionStore } from '@comments-websocket/shared/store';
import { broadcastIdFor, requestHash } from '@comments-websocket/shared/broadcast';
import type { FanoutWorkEvent, PartOutcome } from '@comments-websocket/shared/invoke';
import { createBroadcastHandler } from '../../functions/broadcast/handler';
import { createWorkerHandler } from '../../functions/fanout-worker/handler';
import { lambdaContext, restEvent } from '../support/events';
import { MemoryBroadcastRecords } from '../support/memory-broadcast-records';
import { serviceError } from '../support/pages';
import { mockableDocuments } from '../support/sdk-documents';

const dynamo = mockClient(DynamoDBDocumentClient);
/** The @connections sender: records what was sent; a recipient listed in `failures` answers that error. */
const sent: { connectionId: string; data: Uint8Array }[] = [];
const failures = new Map<string, Error>();
const sender = {
  post: async (connectionId: string, data: Uint8Array) => {
    const failure = failures.get(connectionId);
    if (failure) throw failure;
    sent.push({ connectionId, data });
  },
};
/**
 * Worker invocations: waited parts run here, in the worker's own handler (and are recorded in
 * `runs`), unless their part is in `failingParts`; continuations are recorded.
 */
const runs: FanoutWorkEvent[] = [];
const failingParts = new Set<number>();
const continuations: FanoutWorkEvent[] = [];
let records = new MemoryBroadcastRecords();
const store = new DynamoDbConnectionStore({
  documents: mockableDocuments(),
  tableName: process.env.CONNECTIONS_TABLE!,
  shards: 1,
});

function dependenciesWith(connections: DynamoDbConnectionStore = store) {
  const shared = {
    store: connections,
    sender,
    concurrency: 8,
    staleGraceMs: 0,
    records,
    invoker: {
      run: async (work: FanoutWorkEvent): Promise<PartOutcome> => {
        runs.push(work);
        if (failingParts.has(work.part)) throw new Error('Task timed out after 5.00 seconds');
        return worker(work, lambdaContext());
      },
      continueLater: async (work: FanoutWorkEvent) => void continuations.push(work),
    },
    handOffLeaseMs: 60_000,
  };
  const worker = createWorkerHandler(shared);
  return { ...shared, parallelWorkers: 1, splitThreshold: 1000 };
}
let dependencies = dependenciesWith();
let handler = createBroadcastHandler(dependencies);

function listeners(topicIds: string[], unsubscribedIds: string[] = []) {
  // Any other key (the `$moved#<second>` keys of first subscribes) lists no one.
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo
    .on(QueryCommand, { IndexName: 'ByTopic', ExpressionAttributeValues: { ':topic': '$unsubscribed#0' } })
    .resolves({ Items: unsubscribedIds.map((id) => ({ pk: `conn#${id}` })) });
  dynamo
    .on(QueryCommand, { IndexName: 'ByTopic', ExpressionAttributeValues: { ':topic': 'post:42' } })
    .resolves({ Items: topicIds.map((id) => ({ pk: `conn#${id}` })) });
}

const body = (result: { body: string }) => JSON.parse(result.body) as Record<string, unknown>;

beforeEach(() => {
  records = new MemoryBroadcastRecords();
  dependencies = dependenciesWith();
  handler = createBroadcastHandler(dependencies);
});

afterEach(() => {
  dynamo.reset();
  sent.length = 0;
  failures.clear();
  runs.length = 0;
  failingParts.clear();
  continuations.length = 0;
});

describe('broadcast handler', () => {
  it("delivers the comments contract to the post's subscribers and to clients that never subscribed", async () => {
    listeners(['s1', 's2'], ['u1']);

    const result = await handler(restEvent('broadcast-comments.json'), lambdaContext());

    expect(result.statusCode).toBe(200);
    expect(body(result)).toMatchObject({
      message: 'Broadcast completed',
      connectionCount: 3,
      delivered: 3,
      stale: 0,
      failed: 0,
    });
    expect(sent.map((post) => post.connectionId).sort()).toEqual(['s1', 's2', 'u1']);
    const message = JSON.parse(Buffer.from(sent[0]!.data).toString('utf8'));
    expect(message).toMatchObject({ type: 'comments_list', data: { post_id: '42', count: 2 }, topic: 'post:42' });
    expect(typeof message.timestamp).toBe('string');
  });

  it('deletes the recipient that is gone and reports it stale', async () => {
    listeners(['s1', 'gone', 's3']);
    failures.set('gone', serviceError('GoneException', 410));
    dynamo
      .on(QueryCommand, { KeyConditionExpression: 'pk = :pk' })
      .resolves({ Items: [{ pk: 'conn#gone', sk: '#meta' }] });
    dynamo.on(BatchWriteCommand).resolves({});

    const result = await handler(restEvent('broadcast-comments.json'), lambdaContext());

    expect(body(result)).toMatchObject({ delivered: 2, stale: 1, failed: 0 });
    const deleted = dynamo
      .commandCalls(BatchWriteCommand)
      .flatMap((call) => call.args[0].input.RequestItems!.ConnectionsTable!);
    expect(deleted).toEqual([{ DeleteRequest: { Key: { pk: 'conn#gone', sk: '#meta' } } }]);
  });

  it('refuses a message over 128 KB with 413 before sending anything', async () => {
    const comments = [{ text: 'x'.repeat(129 * 1024) }];
    const event = restEvent('broadcast-comments.json', {
      body: JSON.stringify({ type: 'comments_list', data: { post_id: '42', comments } }),
    });

    const result = await handler(event, lambdaContext());

    expect(result.statusCode).toBe(413);
    expect(body(result).message).toMatch(/131072/);
    expect(sent).toHaveLength(0);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses a message that only grows past 128 KB once wrapped', async () => {
    const text = 'x'.repeat(128 * 1024 - 60);
    const result = await handler(
      restEvent('broadcast.json', { body: JSON.stringify({ type: 't', data: text }) }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(413);
    expect(sent).toHaveLength(0);
  });

  it.each([
    ['invalid JSON', '{"type":', 400, /not valid JSON/],
    ['a missing type', JSON.stringify({ data: { post_id: '1', comments: [] } }), 400, /type: /],
    [
      'an empty type',
      JSON.stringify({ type: ' ', data: { post_id: '1', comments: [] } }),
      400,
      /type: must not be empty/,
    ],
    [
      'comments that are not a list',
      JSON.stringify({ type: 'comments_list', data: { post_id: '1', comments: 'x' } }),
      400,
      /data\.comments/,
    ],
    ['a missing post id', JSON.stringify({ type: 'comments_list', data: { comments: [] } }), 400, /data\.post_id/],
    ['an empty body', '', 400, /empty/],
    [
      'a post id with a space',
      JSON.stringify({ type: 'comments_list', data: { post_id: '42 ', comments: [] } }),
      400,
      /data\.post_id: may contain only/,
    ],
    [
      'a post id with a reserved character',
      JSON.stringify({ type: 'comments_list', data: { post_id: '$all', comments: [] } }),
      400,
      /data\.post_id/,
    ],
    [
      'a post id with a #',
      JSON.stringify({ type: 'comments_list', data: { post_id: '42#x', comments: [] } }),
      400,
      /data\.post_id/,
    ],
    [
      'JSON nested 50,000 levels deep',
      `{"type":"t","data":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
      400,
      /nests deeper than 64 levels/,
    ],
  ])('answers %s with a 400 that names the problem', async (_case, requestBody, status, message) => {
    const result = await handler(restEvent('broadcast-comments.json', { body: requestBody }), lambdaContext());
    expect(result.statusCode).toBe(status);
    expect(body(result).message).toMatch(message);
    expect(sent).toHaveLength(0);
  });

  it('refuses anything but application/json with 415', async () => {
    const event = restEvent('broadcast-comments.json');
    event.headers = { ...event.headers, 'Content-Type': 'text/plain' };
    const result = await handler(event, lambdaContext());
    expect(result.statusCode).toBe(415);
  });

  it('accepts a base64-encoded body', async () => {
    listeners(['s1']);
    const original = restEvent('broadcast-comments.json');
    const event = { ...original, body: Buffer.from(original.body!).toString('base64'), isBase64Encoded: true };
    const result = await handler(event, lambdaContext());
    expect(body(result)).toMatchObject({ delivered: 1 });
  });

  it('answers 503 with a message when the table fails, without throwing', async () => {
    dynamo.on(QueryCommand).rejects(serviceError('InternalServerError', 500));
    const result = await handler(restEvent('broadcast-comments.json'), lambdaContext());
    expect(result.statusCode).toBe(503);
    expect(body(result).message).toMatch(/unavailable/);
  });

  it('broadcasts to everyone when the generic request has no topic', async () => {
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':topic': '$all#0' } })
      .resolves({ Items: [{ pk: 'conn#a' }, { pk: 'conn#b' }] });
    const result = await handler(
      restEvent('broadcast.json', { body: JSON.stringify({ type: 'maintenance', data: { at: '12:00' } }) }),
      lambdaContext(),
    );
    expect(body(result)).toMatchObject({ connectionCount: 2, delivered: 2, topic: null });
  });

  it('spreads a large broadcast over parallel parts that share no recipient', async () => {
    // Prepare: 8 shards, 4 parts; the first shard alone suggests more than the threshold.
    const ids = Array.from({ length: 400 }, (_, i) => `c${i}=`);
    const split = new DynamoDbConnectionStore({
      documents: mockableDocuments(),
      tableName: process.env.CONNECTIONS_TABLE!,
      shards: 8,
    });
    dynamo
      .on(QueryCommand)
      .callsFake((input: { ExpressionAttributeValues: Record<string, string>; Select?: string; Limit?: number }) => {
        const key = input.ExpressionAttributeValues[':topic']!;
        const shard = /^\$all#(\d)$/.exec(key)?.[1];
        const mine = shard === undefined ? [] : ids.filter((id) => shardOf(id, 8) === Number(shard));
        if (input.Select === 'COUNT') return { Count: Math.min(mine.length, input.Limit ?? mine.length) };
        return { Items: mine.map((id) => ({ pk: `conn#${id}` })) };
      });
    const splitHandler = createBroadcastHandler({
      ...dependenciesWith(split),
      parallelWorkers: 4,
      splitThreshold: 100,
    });
    // Act
    const result = await splitHandler(
      restEvent('broadcast.json', { body: JSON.stringify({ type: 't', data: 1 }) }),
      lambdaContext(),
    );
    // Assess
    expect(result.statusCode).toBe(200);
    expect(runs.map((work) => work.part)).toEqual([1, 2, 3]);
    expect(body(result)).toMatchObject({ connectionCount: 400, delivered: 400, complete: true });
    const stored = [0, 1, 2, 3].map((part) => records.part(runs[0]!.broadcastId, part));
    expect(stored.every((state) => state?.done)).toBe(true);
    expect(new Set(sent.map((post) => post.connectionId)).size).toBe(400);
    expect(sent).toHaveLength(400);
  });

  it('starts every send of a small unkeyed broadcast at once: no second wave behind the slow start', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `s${i}`);
    listeners(ids);
    let inFlight = 0;
    let most = 0;
    const slow = {
      post: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
      },
    };
    const small = createBroadcastHandler({ ...dependenciesWith(), sender: slow, concurrency: 64 });

    const result = await small(restEvent('broadcast-comments.json'), lambdaContext());

    expect(body(result)).toMatchObject({ delivered: 12 });
    expect(most).toBe(12);
  });

  it('keeps a small broadcast in one invocation', async () => {
    listeners(['s1'], ['u1']);
    const small = createBroadcastHandler({ ...dependencies, parallelWorkers: 4 });
    const result = await small(restEvent('broadcast-comments.json'), lambdaContext());
    expect(body(result)).toMatchObject({ delivered: 2 });
    expect(runs).toHaveLength(0);
  });

  it('answers 202 with where to read the report when the time runs out, and hands the rest on', async () => {
    // Prepare: less time left than the answer needs, so nothing is sent here.
    listeners(['s1', 's2'], ['u1']);
    // Act
    const result = await handler(restEvent('broadcast-comments.json'), lambdaContext(1000));
    // Assess
    expect(result.statusCode).toBe(202);
    const answer = body(result);
    expect(answer).toMatchObject({ complete: false, delivered: 0 });
    expect(answer.statusUrl).toMatch(new RegExp(`/broadcasts/${String(answer.broadcastId)}$`));
    const broadcastId = String(answer.broadcastId);
    expect(records.headers.get(broadcastId)).toMatchObject({ parts: 1, topic: 'post:42' });
    expect(continuations).toEqual([expect.objectContaining({ broadcastId, part: 0 })]);
    // The plan lives in the record; the continuation owns the part by the token it was handed.
    const state = records.part(broadcastId, 0)!;
    expect(state.owner).toBe(continuations[0]!.owner);
    expect(state.plan.map((entry) => entry.key)).toEqual(['post:42', '$unsubscribed#0', '$moved']);
    expect(sent).toHaveLength(0);
  });
});

/** The comments request with an Idempotency-Key (and, optionally, another body). */
function keyed(key: string, changes: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  const event = restEvent('broadcast-comments.json', changes);
  return { ...event, headers: { ...event.headers, 'Idempotency-Key': key } };
}

describe('broadcast handler with an Idempotency-Key', () => {
  it('creates the broadcast record under the key, with the request hash, and keeps the answer', async () => {
    listeners(['s1', 's2'], ['u1']);
    const event = keyed('order-1');

    const result = await handler(event, lambdaContext());

    expect(result.statusCode).toBe(200);
    const broadcastId = broadcastIdFor('order-1', event);
    expect(records.headers.get(broadcastId)).toMatchObject({
      requestHash: requestHash(event),
      response: { statusCode: 200, body: result.body },
    });
    expect(records.part(broadcastId, 0)).toMatchObject({ done: true, report: { delivered: 3 } });
  });

  it('answers a repeat with the same key and body with the first answer, marked replayed, and sends nothing again', async () => {
    listeners(['s1', 's2'], ['u1']);
    const first = await handler(keyed('order-2'), lambdaContext());
    const sentByFirst = sent.length;

    const repeat = await handler(keyed('order-2'), lambdaContext());

    expect(sentByFirst).toBe(3);
    expect(sent).toHaveLength(3);
    expect(repeat.statusCode).toBe(first.statusCode);
    expect(repeat.body).toBe(first.body);
    expect(repeat.headers).toMatchObject({ 'Idempotent-Replayed': 'true' });
  });

  it('treats the same body with other spacing and key order as the same request', async () => {
    listeners(['s1']);
    const original = restEvent('broadcast-comments.json');
    const parsed = JSON.parse(original.body!) as Record<string, unknown>;
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(parsed).reverse()), null, 2);
    await handler(keyed('order-3'), lambdaContext());

    const repeat = await handler(keyed('order-3', { body: reordered }), lambdaContext());

    expect(repeat.headers).toMatchObject({ 'Idempotent-Replayed': 'true' });
    expect(sent).toHaveLength(1);
  });

  it('refuses the same key with another body with 422, sending nothing', async () => {
    listeners(['s1']);
    await handler(keyed('order-4'), lambdaContext());
    const other = JSON.stringify({ type: 'comments_list', data: { post_id: '42', comments: [{ id: 1 }] } });

    const result = await handler(keyed('order-4', { body: other }), lambdaContext());

    expect(result.statusCode).toBe(422);
    expect(body(result).message).toMatch(/Idempotency-Key.*different request body/);
    expect(sent).toHaveLength(1);
  });

  it('answers a repeat while the first still runs with 202 and where to read the report, resuming nothing alive', async () => {
    // Prepare: the first request's record, its only part owned by a live invocation, no answer kept yet.
    listeners(['s1']);
    const event = keyed('order-5');
    const broadcastId = broadcastIdFor('order-5', event);
    await records.create({
      broadcastId,
      type: 'comments_list',
      topic: 'post:42',
      since: Date.now(),
      parts: 1,
      shards: 1,
      payload: new Uint8Array(),
      startBy: Date.now() + 30_000,
      requestHash: requestHash(event),
    });
    const report = { ...emptyReport(), recipients: 1, complete: false };
    const plan = [{ key: 'post:42' }];
    await records.startPart(broadcastId, {
      part: 0,
      owner: 'first',
      leaseUntil: Date.now() + 60_000,
      plan,
      report,
      resumes: 0,
      done: false,
    });

    // Act
    const result = await handler(event, lambdaContext());

    // Assess
    expect(result.statusCode).toBe(202);
    expect(result.headers).toMatchObject({ 'Idempotent-Replayed': 'true' });
    expect(body(result)).toMatchObject({ broadcastId, complete: false });
    expect(String(body(result).statusUrl)).toMatch(new RegExp(`/broadcasts/${broadcastId}$`));
    expect(continuations).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('starts, on a repeat, the part the first attempt died before starting, and answers 202', async () => {
    // Prepare: the first attempt wrote its record (start-by already past) and died before its part.
    listeners(['s1']);
    const event = keyed('order-6');
    const broadcastId = broadcastIdFor('order-6', event);
    const since = Date.now() - 60_000;
    await records.create({
      broadcastId,
      type: 'comments_list',
      topic: 'post:42',
      since,
      parts: 1,
      shards: 1,
      payload: Buffer.from('m'),
      startBy: Date.now() - 1,
      requestHash: requestHash(event),
    });

    // Act
    const result = await handler(event, lambdaContext());

    // Assess
    expect(result.statusCode).toBe(202);
    expect(sent).toEqual([]);
    expect(continuations).toEqual([
      expect.objectContaining({ broadcastId, part: 0, plan: store.plan('post:42', since) }),
    ]);
  });

  it('refuses a malformed key with 400 before doing anything', async () => {
    const result = await handler(keyed(''), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(body(result).message).toMatch(/Idempotency-Key must be 1 to 255 printable ASCII characters/);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('broadcast handler without a key', () => {
  it('writes no record at all for a small broadcast delivered in one go', async () => {
    listeners(['s1'], ['u1']);

    const result = await handler(restEvent('broadcast-comments.json'), lambdaContext());

    expect(body(result)).toMatchObject({ delivered: 2, complete: true });
    expect(records.calls).toEqual([]);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('resumes a waited part that failed asynchronously, from the owner it was given, and answers 202', async () => {
    // Prepare: a split broadcast whose part 2 times out.
    const ids = Array.from({ length: 400 }, (_, i) => `c${i}=`);
    const split = new DynamoDbConnectionStore({
      documents: mockableDocuments(),
      tableName: 'ConnectionsTable',
      shards: 8,
    });
    dynamo
      .on(QueryCommand)
      .callsFake((input: { ExpressionAttributeValues: Record<string, string>; Select?: string }) => {
        const shard = /^\$all#(\d)$/.exec(input.ExpressionAttributeValues[':topic']!)?.[1];
        const mine = shard === undefined ? [] : ids.filter((id) => shardOf(id, 8) === Number(shard));
        return input.Select === 'COUNT' ? { Count: mine.length } : { Items: mine.map((id) => ({ pk: `conn#${id}` })) };
      });
    failingParts.add(2);
    const splitHandler = createBroadcastHandler({
      ...dependenciesWith(split),
      parallelWorkers: 4,
      splitThreshold: 100,
    });

    // Act
    const result = await splitHandler(
      restEvent('broadcast.json', { body: JSON.stringify({ type: 't', data: 1 }) }),
      lambdaContext(),
    );

    // Assess
    expect(result.statusCode).toBe(202);
    const failed = runs.find((work) => work.part === 2)!;
    expect(continuations).toEqual([
      expect.objectContaining({ broadcastId: failed.broadcastId, part: 2, resume: { from: failed.owner } }),
    ]);
    expect(continuations[0]!.owner).not.toBe(failed.owner);
    expect(body(result)).toMatchObject({ broadcastId: failed.broadcastId, complete: false });
  });
});

describe('broadcast handler when a waited part never started', () => {
  it('still delivers the part through its asynchronous resume when its invocation was refused before it started', async () => {
    // Prepare: a split broadcast whose part 2 is refused by Lambda (the worker never runs it).
    const ids = Array.from({ length: 400 }, (_, i) => `c${i}=`);
    const split = new DynamoDbConnectionStore({
      documents: mockableDocuments(),
      tableName: 'ConnectionsTable',
      shards: 8,
    });
    dynamo
      .on(QueryCommand)
      .callsFake((input: { ExpressionAttributeValues: Record<string, string>; Select?: string }) => {
        const shard = /^\$all#(\d)$/.exec(input.ExpressionAttributeValues[':topic']!)?.[1];
        const mine = shard === undefined ? [] : ids.filter((id) => shardOf(id, 8) === Number(shard));
        return input.Select === 'COUNT' ? { Count: mine.length } : { Items: mine.map((id) => ({ pk: `conn#${id}` })) };
      });
    failingParts.add(2);
    const splitDependencies = dependenciesWith(split);
    const splitHandler = createBroadcastHandler({ ...splitDependencies, parallelWorkers: 4, splitThreshold: 100 });
    await splitHandler(restEvent('broadcast.json', { body: JSON.stringify({ type: 't', data: 1 }) }), lambdaContext());
    failingParts.clear();

    // Act: Lambda runs the asynchronous resume the broadcast handed on.
    const worker = createWorkerHandler(splitDependencies);
    await worker(continuations[0]!, lambdaContext());

    // Assess
    expect(new Set(sent.map((post) => post.connectionId)).size).toBe(400);
    const record = await records.read(continuations[0]!.broadcastId);
    expect(record!.parts.filter((state) => state.done)).toHaveLength(4);
  });
});
