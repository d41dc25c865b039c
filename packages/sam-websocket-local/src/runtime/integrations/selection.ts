import type { IntegrationResponseSpec, TemplateMap, TemplateSource } from '../../template/application';

/** The value at a dotted path of a JSON text (`action`, `data.kind`), or undefined. */
function bodyField(body: string | undefined, path: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(body ?? '');
  } catch {
    return undefined;
  }
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * A template selection expression's key, as API Gateway evaluates one: `\$default` (an escaped dollar)
 * is the literal `$default`; `$request.body.<path>` and `${request.body.<path>}` take a field of the
 * message; `$integration.response.statuscode` the integration's status; other text stays as written.
 */
export function selectionKey(expression: string | undefined, body: string | undefined, statusCode?: number): string {
  if (expression === undefined) return '$default';
  const variable = /\$\{([^}]+)\}|\$([A-Za-z][\w.-]*)/g;
  const value = (name: string): string => {
    if (name.startsWith('request.body.')) {
      const field = bodyField(body, name.slice('request.body.'.length));
      return typeof field === 'object' || field === undefined ? '' : String(field);
    }
    if (name === 'integration.response.statuscode') return String(statusCode ?? '');
    return '';
  };
  // An escaped dollar is kept aside first so that `\$default` is not read as a variable.
  const key = expression
    .replace(/\\\$/g, '\uE000')
    .replace(variable, (_match, braced?: string, bare?: string) => value((braced ?? bare)!))
    .replace(/\uE000/g, '$');
  return key === '' ? '$default' : key;
}

/**
 * The template for a key: the one keyed by it, else `$default`. WebSocket messages carry no content
 * type; a template keyed `application/json` (as AWS's own examples write them) serves as the last resort.
 */
export function pickTemplate(templates: TemplateMap, key: string): TemplateSource | undefined {
  return templates[key] ?? templates.$default ?? templates['application/json'];
}

/**
 * The integration response for a status code: the first whose `/regex/` key matches the whole code,
 * else the `$default` one, else none (nothing is sent back).
 */
export function pickIntegrationResponse(
  responses: IntegrationResponseSpec[],
  statusCode: number,
): IntegrationResponseSpec | undefined {
  const code = String(statusCode);
  const matching = responses.find((response) => {
    const pattern = /^\/(.*)\/$/s.exec(response.key);
    return pattern !== null && new RegExp(`^(?:${pattern[1]})$`).test(code);
  });
  return matching ?? responses.find((response) => response.key === '$default');
}
