import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDbAction, DynamoDbIntegration } from '../../template/application';
import type { IntegrationDeps, IntegrationResult, RouteEvent } from './integration-call';
import { requestPayload, responseBody } from './mapped-request';

/* eslint-disable @typescript-eslint/no-explicit-any -- the template's JSON is the action's input, checked by the store */
const COMMANDS: Record<DynamoDbAction, new (input: any) => any> = {
  PutItem: PutItemCommand,
  DeleteItem: DeleteItemCommand,
  GetItem: GetItemCommand,
  UpdateItem: UpdateItemCommand,
  Query: QueryCommand,
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * An AWS integration to a DynamoDB action, run against the runtime's store: the request template
 * writes the action's input (DynamoDB's JSON), the action's output (or error) is the backend's
 * payload the integration responses map, with DynamoDB's status (200, or 400 and its error type).
 */
export async function callDynamoDb(
  integration: DynamoDbIntegration,
  event: RouteEvent,
  { log, dynamodb }: IntegrationDeps,
): Promise<IntegrationResult> {
  const fields = {
    integration: `dynamodb:${integration.action}`,
    route: event.requestContext.routeKey,
    connectionId: event.requestContext.connectionId,
  };
  const request = requestPayload(integration, event);
  let input: unknown;
  try {
    input = 'payload' in request ? JSON.parse(request.payload) : undefined;
  } catch {
    input = undefined;
  }
  if (!dynamodb || typeof input !== 'object' || input === null) {
    const errorMessage =
      'error' in request ? request.error : !dynamodb ? 'No store to run against' : 'The request template is not JSON';
    log.error('integration', { ...fields, status: 'error', errorMessage });
    return { ok: false };
  }
  const { statusCode, payload } = await execute(dynamodb, integration.action, input);
  log.info('integration', { ...fields, status: statusCode });
  return { ok: true, statusCode, body: responseBody(integration.responses, statusCode, event, payload) };
}

async function execute(
  dynamodb: DynamoDBClient,
  action: DynamoDbAction,
  input: object,
): Promise<{ statusCode: number; payload: string }> {
  try {
    const result = (await dynamodb.send(new COMMANDS[action](input))) as object;
    const output = Object.fromEntries(Object.entries(result).filter(([key]) => key !== '$metadata'));
    return { statusCode: 200, payload: JSON.stringify(output) };
  } catch (error) {
    const failure = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    // DynamoDB's own error body, as API Gateway hands it to the integration responses.
    return {
      statusCode: failure.$metadata?.httpStatusCode ?? 500,
      payload: JSON.stringify({
        __type: `com.amazonaws.dynamodb.v20120810#${failure.name ?? 'InternalServerError'}`,
        message: failure.message ?? '',
      }),
    };
  }
}
