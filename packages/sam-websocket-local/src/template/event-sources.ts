import type { Template } from './cfn-yaml';
import { referencedIds } from './references';

/** Event types a SAM function may declare that the runtime serves: API Gateway routes. */
const SERVED_EVENT_TYPES = new Set(['Api', 'HttpApi']);

/**
 * The event sources the runtime does not emulate (a DynamoDB stream, a queue, a schedule…), one line
 * per function: such a function still runs when a route, another function or the Invoke API calls it,
 * but nothing triggers it by itself, and a user should know that rather than wait for it.
 */
export function eventSourceNotices(template: Template): string[] {
  const notices: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::Serverless::Function') {
      const events = (resource.Properties?.Events ?? {}) as Record<string, { Type?: unknown }>;
      const ignored = Object.entries(events)
        .filter(([, event]) => !SERVED_EVENT_TYPES.has(String(event?.Type)))
        .map(([name, event]) => `${name} (${String(event?.Type)})`);
      if (ignored.length > 0) notices.push(notEmulated(`${id}: its event sources ${ignored.join(', ')} are`, id));
    }
    if (resource.Type === 'AWS::Lambda::EventSourceMapping') {
      const target = referencedIds(resource.Properties?.FunctionName)[0] ?? 'its function';
      notices.push(notEmulated(`${id} (AWS::Lambda::EventSourceMapping) is`, target));
    }
  }
  return notices;
}

const notEmulated = (what: string, functionId: string) =>
  `${what} not emulated: nothing triggers ${functionId} locally but routes, functions and the Invoke API ` +
  `(sam-websocket-local invoke ${functionId} -e <event.json> sends it one event)`;
