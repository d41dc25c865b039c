import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { shardOf } from '@comments-websocket/shared';
import { DynamoDbConnectionStore, createDocumentClient } from '@comments-websocket/shared/store';
import type { FanoutWorkEvent } from '@comments-websocket/shared/invoke';
import { deliverPlan } from '@comments-websocket/shared/broadcast';
import { createBroadcastHandler } from '../../functions/broadcast/handler';
import { lambdaContext, restEvent } from '../support/events';
import { serviceError } from '../support/pages';

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
/** Worker invocations: parts run here (as the worker would), continuations are recorded. */
const continuations: FanoutWorkEvent[] = [];
const created: { id: string; pending: number }[] = [];
const store = new DynamoDbConnectionStore({
  client: createDocumentClient(),
  tableName: process.env.CONNECTIONS_TABLE!,
  shards: 1,
});
const dependencies = {
  store,
  sender,
  concurrency: 8,
  staleGraceMs: 0,
  workers: {
    run: async (work: FanoutWorkEvent) =>
      deliverPlan(
        { store, sender, concurrency: 8, staleGraceMs: 0 },
        work.plan,
        Buffer.from(work.payload, 'base64'),
        work.deadline!,
      ),
    continueLater: async (work: FanoutWorkEvent) => void continuations.push(work),
  },
  records: {
    create: async (id: string, _message: unknown, _report: unknown, pending: number) =>
      void created.push({ id, pending }),
  },
  parallelWorkers: 1,
  splitThreshold: 1000,
};
const handler = createBroadcastHandler(dependencies);

function listeners(topicIds: string[], unsubscribedIds: string[] = []) {
  dynamo
    .on(QueryCommand, { IndexName: 'ByTopic', ExpressionAttributeValues: { ':topic': '$unsubscribed#0' } })
    .resolves({ Items: unsubscribedIds.map((id) => ({ pk: `conn#${id}` })) });
  dynamo
    .on(QueryCommand, { IndexName: 'ByTopic', ExpressionAttributeValues: { ':topic': '$unsubscribed' } })
    .resolves({ Items: [] });
  dynamo
    .on(QueryCommand, { IndexName: 'ByTopic', ExpressionAttributeValues: { ':topic': 'post:42' } })
    .resolves({ Items: topicIds.map((id) => ({ pk: `conn#${id}` })) });
}

const body = (result: { body: string }) => JSON.parse(result.body) as Record<string, unknown>;

afterEach(() => {
  dynamo.reset();
  sent.length = 0;
  failures.clear();
  continuations.length = 0;
  created.length = 0;
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
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':topic': '$all' } }).resolves({ Items: [] });
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
      client: createDocumentClient(),
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
    const parts: FanoutWorkEvent[] = [];
    const splitHandler = createBroadcastHandler({
      ...dependencies,
      store: split,
      workers: { ...dependencies.workers, run: async (work) => (parts.push(work), dependencies.workers.run(work)) },
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
    expect(parts).toHaveLength(3);
    expect(body(result)).toMatchObject({ connectionCount: 400, delivered: 400, complete: true });
    expect(new Set(sent.map((post) => post.connectionId)).size).toBe(400);
    expect(sent).toHaveLength(400);
  });

  it('keeps a small broadcast in one invocation', async () => {
    listeners(['s1'], ['u1']);
    const runs: FanoutWorkEvent[] = [];
    const small = createBroadcastHandler({
      ...dependencies,
      workers: { ...dependencies.workers, run: async (work) => (runs.push(work), dependencies.workers.run(work)) },
      parallelWorkers: 4,
    });
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
    expect(created).toEqual([{ id: answer.broadcastId, pending: 1 }]);
    expect(continuations).toHaveLength(1);
    expect(continuations[0]!.broadcastId).toBe(answer.broadcastId);
    expect(continuations[0]!.plan.map((entry) => entry.key)).toEqual(['post:42', '$unsubscribed#0', '$unsubscribed']);
    expect(sent).toHaveLength(0);
  });
});
