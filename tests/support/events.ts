import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

const eventsDir = join(__dirname, '..', '..', 'events');

/** A sample event from events/, the same files `sam local invoke -e` takes. */
export function sampleEvent<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(eventsDir, name), 'utf8')) as T;
}

export function restEvent(name: string, changes: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return { ...sampleEvent<APIGatewayProxyEvent>(name), ...changes };
}

export function lambdaContext(remainingMs = 29_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'BroadcastFunction',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:BroadcastFunction',
    memoryLimitInMB: '512',
    awsRequestId: 'c0ffee00-0000-4000-8000-000000000000',
    logGroupName: '/aws/lambda/BroadcastFunction',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
