import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import type { Application } from '../template/application';
import type { IntrinsicResolver } from '../template/intrinsics';
import { tableName } from '../resource-values';

/** Creates each table of the template that the store does not have yet; returns the names. */
export async function ensureTables(
  client: DynamoDBClient,
  app: Application,
  resolver: IntrinsicResolver,
): Promise<string[]> {
  const names: string[] = [];
  for (const table of app.tables.values()) {
    const properties = resolver.resolve(table.properties) as Record<string, unknown>;
    const name = tableName(app, resolver, table.logicalId);
    names.push(name);
    const indexes = (properties.GlobalSecondaryIndexes ?? []) as Record<string, unknown>[];
    const provisioned = properties.BillingMode !== 'PAY_PER_REQUEST';
    const throughput = { ReadCapacityUnits: 1000, WriteCapacityUnits: 1000 };
    try {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: properties.AttributeDefinitions as never,
          KeySchema: properties.KeySchema as never,
          BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
          ProvisionedThroughput: provisioned ? throughput : undefined,
          GlobalSecondaryIndexes: indexes.length
            ? indexes.map((index) => ({
                IndexName: String(index.IndexName),
                KeySchema: index.KeySchema as never,
                Projection: index.Projection as never,
                ProvisionedThroughput: provisioned ? throughput : undefined,
              }))
            : undefined,
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await waitActive(client, name);
  }
  return names;
}

async function waitActive(client: DynamoDBClient, name: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Table ${name} did not become ACTIVE`);
}
