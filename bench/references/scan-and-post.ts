import { type IncomingMessage, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startEmbeddedDynamoDb } from 'sam-websocket-local/internal';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * Reference (seed): the design this project started from, in one process: every connection is a
 * DynamoDB item (embedded dynalite, as our runtime's store), and a broadcast is one Scan of the
 * table and one unsigned POST per connection to an @connections endpoint, all at once.
 */
const TABLE = 'connections';
const connections = new Map<string, WebSocket>();
let port = 0;

let client: DynamoDBDocumentClient;
/** The connection id each upgrade request was given once its item was written. */
const ids = new WeakMap<IncomingMessage, string>();

function post(id: string, body: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path: `/@connections/${encodeURIComponent(id)}`, method: 'POST' },
      (response) => {
        response.resume();
        response.on('end', () => resolve());
      },
    );
    request.on('error', () => resolve());
    request.end(body);
  });
}

async function broadcast(body: Buffer): Promise<number> {
  const { Items = [] } = await client.send(new ScanCommand({ TableName: TABLE }));
  await Promise.all(Items.map((item) => post(item.connectionId as string, body)));
  return Items.length;
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    const target = /^\/@connections\/(.+)$/.exec(request.url ?? '');
    if (target) {
      connections.get(decodeURIComponent(target[1]!))?.send(body);
      response.end();
      return;
    }
    broadcast(body).then(
      (delivered) => response.end(JSON.stringify({ delivered })),
      (error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      },
    );
  });
});
// The handshake completes once the item is written, as $connect answers after its Put.
const verifyClient = (info: { req: IncomingMessage }, done: (ok: boolean) => void) => {
  const id = randomUUID();
  client.send(new PutCommand({ TableName: TABLE, Item: { connectionId: id } })).then(
    () => {
      ids.set(info.req, id);
      done(true);
    },
    () => done(false),
  );
};
new WebSocketServer({ server, perMessageDeflate: false, verifyClient }).on('connection', (socket, request) => {
  const id = ids.get(request)!;
  connections.set(id, socket);
  socket.on('close', () => {
    connections.delete(id);
    void client.send(new DeleteCommand({ TableName: TABLE, Key: { connectionId: id } }));
  });
});

async function main(): Promise<void> {
  const store = await startEmbeddedDynamoDb();
  client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: store.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'connectionId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  server.listen(0, '127.0.0.1', () => {
    port = (server.address() as AddressInfo).port;
    console.log(`PORT ${port}`);
  });
}

void main();
