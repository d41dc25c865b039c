import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Invocation } from '../lambda/function-pool';
import type { RuntimeLog } from '../log';

/** The WebSocket event of a route (as a Lambda proxy integration receives it): what every kind reads. */
export interface RouteEvent {
  requestContext: { routeKey: string; connectionId: string; requestId: string } & Record<string, unknown>;
  body?: string;
  headers?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
}

/** What an integration answered: its status, and a body for two-way routes. */
export type IntegrationResult =
  | { ok: true; statusCode: number; body?: string; isBase64Encoded?: boolean; headers?: Record<string, string> }
  | { ok: false; timedOut?: true };

/** What integrations may use: the function pools (Lambda), the runtime's store (DynamoDB) and the log. */
export interface IntegrationDeps {
  invoke: (functionId: string, event: unknown) => Promise<Invocation>;
  /** Queues an asynchronous invocation (`InvocationType: Event`); answers its request id. */
  invokeAsync?: (functionId: string, event: unknown) => string;
  dynamodb?: DynamoDBClient;
  log: RuntimeLog;
}
