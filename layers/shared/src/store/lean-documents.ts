import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Documents } from './documents';
import { DynamoDbHttp } from './dynamodb-http';

type Plain = Record<string, unknown>;
type Wire = Record<string, AttributeValue>;

// As the document client the store was written against: undefined members are left out.
const toWire = (value: Plain | undefined) => (value ? marshall(value, { removeUndefinedValues: true }) : undefined);
const fromWire = (value: Wire | undefined) => (value ? unmarshall(binaryIn(value)) : undefined);

/** DynamoDB's JSON carries binary (B, BS) as base64; the document client gives it as bytes. */
function binaryIn(item: Wire): Wire {
  const out: Wire = {};
  for (const [name, value] of Object.entries(item)) out[name] = binaryValue(value);
  return out;
}
function binaryValue(value: AttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B as unknown as string, 'base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((each) => Buffer.from(each as unknown as string, 'base64')) };
  if (value.L !== undefined) return { L: value.L.map(binaryValue) };
  if (value.M !== undefined) return { M: binaryIn(value.M) };
  return value;
}

/** Marshals the members of a request that carry values; expressions and names pass as they are. */
function request(input: Plain): Plain {
  const wire: Plain = { ...input };
  for (const member of ['Item', 'Key', 'ExpressionAttributeValues', 'ExclusiveStartKey'] as const) {
    if (input[member] !== undefined) wire[member] = toWire(input[member] as Plain);
  }
  return wire;
}

function answer(output: Plain): Plain {
  const plain: Plain = { ...output };
  for (const member of ['Item', 'Attributes', 'LastEvaluatedKey'] as const) {
    if (output[member] !== undefined) plain[member] = fromWire(output[member] as Wire);
  }
  if (Array.isArray(output.Items)) plain.Items = (output.Items as Wire[]).map((item) => unmarshall(binaryIn(item)));
  return plain;
}

type WriteRequest = { PutRequest?: { Item: Plain }; DeleteRequest?: { Key: Plain } };
type WireWriteRequest = { PutRequest?: { Item: Wire }; DeleteRequest?: { Key: Wire } };

function mapWrites<A, B>(tables: Record<string, A[]> | undefined, each: (write: A) => B) {
  return tables && Object.fromEntries(Object.entries(tables).map(([table, writes]) => [table, writes.map(each)]));
}
const writeToWire = ({ PutRequest, DeleteRequest }: WriteRequest): WireWriteRequest => ({
  ...(PutRequest && { PutRequest: { Item: toWire(PutRequest.Item)! } }),
  ...(DeleteRequest && { DeleteRequest: { Key: toWire(DeleteRequest.Key)! } }),
});
const writeFromWire = ({ PutRequest, DeleteRequest }: WireWriteRequest): WriteRequest => ({
  ...(PutRequest && { PutRequest: { Item: fromWire(PutRequest.Item)! } }),
  ...(DeleteRequest && { DeleteRequest: { Key: fromWire(DeleteRequest.Key)! } }),
});

/** The store's DynamoDB operations over DynamoDB's JSON protocol, without the SDK (see DynamoDbHttp). */
export function createDocuments(http = new DynamoDbHttp()): Documents {
  const call = async (operation: string, input: object) =>
    answer(await http.call<Plain>(operation, request(input as Plain)));
  return {
    get: (input) => call('GetItem', input),
    put: (input) => call('PutItem', input),
    update: (input) => call('UpdateItem', input),
    delete: (input) => call('DeleteItem', input),
    query: (input) => call('Query', input),
    scan: (input) => call('Scan', input),
    batchWrite: async (input) => {
      const output = await http.call<{ UnprocessedItems?: Record<string, WireWriteRequest[]> }>('BatchWriteItem', {
        ...input,
        RequestItems: mapWrites(input.RequestItems as Record<string, WriteRequest[]>, writeToWire),
      });
      return { ...output, UnprocessedItems: mapWrites(output.UnprocessedItems, writeFromWire) };
    },
  } as Documents;
}
