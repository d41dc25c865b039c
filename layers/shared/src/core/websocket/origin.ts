/**
 * What the AllowedOrigins parameter lets through. Empty text (development) allows every origin; any
 * other text allows only the valid origins it names, so a value such as "," or " " or "garbage"
 * allows none: a typo fails closed instead of opening $connect to every site.
 */
export interface OriginPolicy {
  anyOrigin: boolean;
  /** Canonical origins (lower case, default port dropped). */
  origins: string[];
  /** Entries that are not scheme://host[:port] origins; they allow nothing. */
  ignored: string[];
}

// The same shape as the template's AllowedPattern for AllowedOrigins, one entry at a time.
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

const normalise = (text: string) => text.trim().replace(/\/+$/, '').toLowerCase();

function canonicalOrigin(entry: string): string | undefined {
  if (!ORIGIN.test(entry)) return undefined;
  try {
    return new URL(entry).origin;
  } catch {
    return undefined;
  }
}

export function parseAllowedOrigins(value: string | undefined): OriginPolicy {
  if (value === undefined || value === '') return { anyOrigin: true, origins: [], ignored: [] };
  const policy: OriginPolicy = { anyOrigin: false, origins: [], ignored: [] };
  for (const entry of value.split(',').map(normalise)) {
    if (entry === '') continue;
    const origin = canonicalOrigin(entry);
    if (origin) policy.origins.push(origin);
    else policy.ignored.push(entry);
  }
  return policy;
}

/** A non-empty setting that names no valid origin: every handshake is refused. */
export const namesNoOrigin = (policy: OriginPolicy) => !policy.anyOrigin && policy.origins.length === 0;

/**
 * Browsers always send Origin on a WebSocket handshake and pages cannot forge it, so checking it
 * stops cross-site WebSocket hijacking. Non-browser clients may omit it; with an allow-list set,
 * they are refused too.
 */
export function isOriginAllowed(origin: string | undefined, policy: OriginPolicy): boolean {
  if (policy.anyOrigin) return true;
  if (!origin) return false;
  const canonical = canonicalOrigin(normalise(origin));
  return canonical !== undefined && policy.origins.includes(canonical);
}
