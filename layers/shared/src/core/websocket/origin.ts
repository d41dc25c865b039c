/** Parses the AllowedOrigins parameter: comma-separated, empty means every origin. */
export function parseAllowedOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, '').toLowerCase())
    .filter((origin) => origin.length > 0);
}

/**
 * Browsers always send Origin on a WebSocket handshake and pages cannot forge it, so checking it
 * stops cross-site WebSocket hijacking. Non-browser clients may omit it; with an allow-list set,
 * they are refused too.
 */
export function isOriginAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  if (!origin) return false;
  return allowed.includes(origin.trim().replace(/\/+$/, '').toLowerCase());
}
