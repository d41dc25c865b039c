import { Compile, parse } from 'velocityjs';
import type { TemplateSource } from '../../template/application';
import type { RouteEvent } from './integration-call';

/**
 * Mapping templates rendered as API Gateway renders them (Velocity), with the variables it documents
 * for WebSocket APIs: `$context` (the event's request context), `$input` and `$util`.
 */
export function renderMappingTemplate(template: TemplateSource, event: RouteEvent, body = event.body ?? ''): string {
  // Intrinsics are resolved at start (resolve-templates.ts); one left here is the runtime's bug.
  if (typeof template !== 'string') throw new Error('A mapping template was not resolved at start');
  // Silent: a reference to nothing renders as nothing (velocityjs would print its text, `$input.path('$.x')`).
  return new Compile(parse(template), { escape: false, customMethodHandlers: JAVA_METHODS }).render(
    { context: event.requestContext, input: input(event, body), util: UTIL },
    undefined,
    true,
  );
}

/** `$input`: the payload as text (`body`), at a JSONPath as JSON text (`json`) or as a value (`path`), and `params`. */
function input(event: RouteEvent, body: string) {
  const parsed = () => {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  };
  const params = { header: event.headers ?? {}, querystring: event.queryStringParameters ?? {}, path: {} };
  return {
    body,
    json: (path: string) => JSON.stringify(jsonPath(parsed(), path) ?? null),
    path: (path: string) => jsonPath(parsed(), path),
    params: (name?: string) =>
      name === undefined
        ? params
        : ((params.path as Record<string, string>)[name] ?? params.querystring[name] ?? params.header[name] ?? ''),
  };
}

/** The simple JSONPath API Gateway templates use: `$`, `$.a.b`, `$.list[0]`, `$['a b']`. */
export function jsonPath(value: unknown, path: string): unknown {
  const steps = [...path.replace(/^\$/, '').matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g)];
  let current = value;
  for (const [, dotted, index, single, double] of steps) {
    if (typeof current !== 'object' || current === null) return undefined;
    const key = dotted ?? single ?? double ?? Number(index);
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Java String methods templates call that JavaScript spells otherwise (`$text.length()`). */
const JAVA_METHODS = [
  {
    uid: 'string-length',
    match: ({ property, context }: { property: string; context: unknown }) =>
      property === 'length' && typeof context === 'string',
    resolve: ({ context }: { context: unknown }) => (context as string).length,
  },
];

/** `$util`, as documented for API Gateway mapping templates. */
const UTIL = {
  escapeJavaScript: (text: unknown) =>
    String(text)
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/'/g, "\\'")
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t'),
  parseJson: (text: unknown) => JSON.parse(String(text)) as unknown,
  urlEncode: (text: unknown) => encodeURIComponent(String(text)),
  urlDecode: (text: unknown) => decodeURIComponent(String(text)),
  base64Encode: (text: unknown) => Buffer.from(String(text)).toString('base64'),
  base64Decode: (text: unknown) => Buffer.from(String(text), 'base64').toString('utf8'),
};
