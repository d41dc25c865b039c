/**
 * Evaluates a WebSocket API's route selection expression (`$request.body.<path>`) against a message.
 * As in API Gateway, a message that is not JSON, or lacks the field, selects `$default`.
 */
export function selectRouteKey(expression: string, body: string): string {
  const match = /^\$request\.body\.(.+)$/.exec(expression);
  if (!match) return '$default';
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch {
    return '$default';
  }
  for (const key of match[1]!.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return '$default';
    value = (value as Record<string, unknown>)[key];
  }
  const key = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  // $connect and $disconnect belong to the handshake and the close; a message naming them goes to $default.
  return key === '' || key === '$connect' || key === '$disconnect' ? '$default' : key;
}
