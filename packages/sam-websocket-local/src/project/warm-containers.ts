/** SAM CLI's --warm-containers: EAGER starts every function at start-up, LAZY at its first call. */
export type WarmContainers = 'EAGER' | 'LAZY';

/** A value given on the command line or in samconfig, in SAM CLI's spelling (either case here). */
export function parseWarmContainers(value: unknown, where: string): WarmContainers {
  const mode = typeof value === 'string' ? value.toUpperCase() : undefined;
  if (mode === 'EAGER' || mode === 'LAZY') return mode;
  throw new Error(`${where} must be EAGER or LAZY, not ${JSON.stringify(value)}`);
}
