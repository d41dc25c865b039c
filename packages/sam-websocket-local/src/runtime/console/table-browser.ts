import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { FUNCTION_CREDENTIALS } from '../../resource-values';
import { BadRequest } from './bad-request';

export interface TablePage {
  table: string;
  keys: string[];
  items: Record<string, unknown>[];
  /** Items read to fill this page (more than shown when searching). */
  scanned: number;
  /** Where the next page starts; absent at the end of the table. */
  next?: string;
}

/** Items read per request at most while searching, so one search never holds the store for long. */
const SCAN_BUDGET = 2000;

/**
 * The template's tables as the console browses them: a page at a time (DynamoDB's own paging,
 * the cursor is its LastEvaluatedKey), searched by text across each item's attributes.
 */
export class TableBrowser {
  private readonly client: DynamoDBClient;
  private readonly documents: DynamoDBDocumentClient;
  private readonly keysOf = new Map<string, Promise<string[]>>();

  constructor(
    endpoint: string,
    region: string,
    readonly tableNames: string[],
  ) {
    this.client = new DynamoDBClient({ endpoint, region, credentials: FUNCTION_CREDENTIALS });
    this.documents = DynamoDBDocumentClient.from(this.client);
  }

  async page(table: string, limit: number, search: string, cursor?: string): Promise<TablePage | undefined> {
    if (!this.tableNames.includes(table)) return undefined;
    const needle = search.trim().toLowerCase();
    const items: Record<string, unknown>[] = [];
    let scanned = 0;
    let start = cursor ? decodeCursor(cursor) : undefined;
    do {
      const page = await this.documents.send(
        new ScanCommand({ TableName: table, ExclusiveStartKey: start, Limit: needle ? 200 : limit - items.length }),
      );
      scanned += page.ScannedCount ?? 0;
      for (const item of page.Items ?? [])
        if (!needle || JSON.stringify(item).toLowerCase().includes(needle)) items.push(item);
      start = page.LastEvaluatedKey;
    } while (start && items.length < limit && scanned < SCAN_BUDGET);
    const keys = await this.keys(table);
    // A search may read past the page: the next one starts after the last item shown, not after the last read.
    if (items.length > limit) start = Object.fromEntries(keys.map((key) => [key, items[limit - 1]![key]]));
    return { table, keys, items: items.slice(0, limit), scanned, next: encodeCursor(start) };
  }

  close(): void {
    this.client.destroy();
  }

  private keys(table: string): Promise<string[]> {
    let keys = this.keysOf.get(table);
    if (!keys) {
      keys = this.client
        .send(new DescribeTableCommand({ TableName: table }))
        .then((description) => (description.Table?.KeySchema ?? []).map((key) => key.AttributeName!));
      this.keysOf.set(table, keys);
    }
    return keys;
  }
}

const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new BadRequest('the cursor is not one this console gave out');
  }
}
