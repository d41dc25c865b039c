/** Reads a required setting from the function's environment (the template's Environment section). */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set; see template.yaml`);
  return value;
}

/** A whole number (≥ 1 unless said) from the environment; the template's parameters give the defaults, so a bad value is an error. */
export function numberEnv(name: string, { min = 1 } = {}): number {
  const text = requiredEnv(name);
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(
      `Environment variable ${name} must be a whole number of at least ${min}, not "${text}"; see template.yaml`,
    );
  return value;
}
