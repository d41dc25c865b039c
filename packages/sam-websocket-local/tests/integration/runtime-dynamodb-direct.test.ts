import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { TestClient } from '../support/ws-client';
import { runtimeOnFixture } from '../support/runtime';

/**
 * A WebSocket API with AWS integrations to DynamoDB and no function, over real sockets: VTL request
 * templates write the actions' input, the runtime's store runs them, response templates answer.
 */
const stack = runtimeOnFixture('dynamodb-direct');
let connectionsTable: string;
let notesTable: string;

beforeAll(async () => {
  connectionsTable = stack.runtime.tableNames.find((name) => name.includes('Connections'))!;
  notesTable = stack.runtime.tableNames.find((name) => name.includes('Notes'))!;
});

const connectionItem = async (connectionId: string) =>
  (
    await stack.runtime.dynamo.send(
      new GetItemCommand({ TableName: connectionsTable, Key: { connectionId: { S: connectionId } } }),
    )
  ).Item;

describe('AWS integrations to DynamoDB', () => {
  it('put the connection in its table at $connect (PutItem) and delete it at $disconnect (DeleteItem)', async () => {
    const client = await TestClient.connect(stack.runtime.webSocketUrl);
    const connectionId = stack.newestConnection();
    const item = await connectionItem(connectionId);
    expect(item).toMatchObject({ connectionId: { S: connectionId }, sourceIp: { S: '127.0.0.1' } });
    expect(Number(item?.connectedAt?.N)).toBeGreaterThan(0);
    await client.close();
    await stack.runtime.gateway.idle();
    expect(await connectionItem(connectionId)).toBeUndefined();
  });

  it('update an item (UpdateItem) and read it back through a response template (GetItem)', async () => {
    const client = await TestClient.connect(stack.runtime.webSocketUrl);
    client.send({ action: 'rename', name: 'Ann "the first"' });
    // rename is one-way: wait for the store rather than for an answer.
    await stack.runtime.gateway.idle();
    expect(await client.request({ action: 'whoami' })).toEqual({
      type: 'me',
      name: 'Ann "the first"',
      sourceIp: '127.0.0.1',
    });
    await client.close();
  });

  it('put items and query them back, the answer written by a #foreach', async () => {
    const client = await TestClient.connect(stack.runtime.webSocketUrl);
    const first = await client.request<{ type: string; noteId: string }>({ action: 'note', room: 'r1', text: 'one' });
    expect(first).toEqual({ type: 'noted', noteId: expect.any(String) });
    await client.request({ action: 'note', room: 'r1', text: 'two\nlines' });
    await client.request({ action: 'note', room: 'r2', text: 'elsewhere' });
    const { Items } = await stack.runtime.dynamo.send(new ScanCommand({ TableName: notesTable }));
    expect(Items?.find((note) => note.noteId?.S === first.noteId)).toMatchObject({ room: { S: 'r1' } });
    const listed = await client.request<{ type: string; count: number; texts: string[] }>({
      action: 'list',
      room: 'r1',
    });
    expect(listed.type).toBe('notes');
    expect(listed.count).toBe(2);
    expect([...listed.texts].sort()).toEqual(['one', 'two\nlines']);
    await client.close();
  });

  it("map DynamoDB's 400 through the $default integration response, and keep serving", async () => {
    const client = await TestClient.connect(stack.runtime.webSocketUrl);
    expect(await client.request({ action: 'note', text: 'no room' })).toEqual({
      type: 'refused',
      error: 'com.amazonaws.dynamodb.v20120810#ValidationException',
    });
    expect(await client.request({ action: 'whoami' })).toMatchObject({ type: 'me' });
    await client.close();
  });
});
