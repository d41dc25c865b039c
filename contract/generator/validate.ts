import { Parser } from '@asyncapi/parser';
import { Validator } from '@seriousme/openapi-schema-validator';
import { readFileSync } from 'node:fs';

/**
 * Checks an AsyncAPI and an OpenAPI document with their maintained validators and prints what they
 * found as JSON: `{ asyncapi: [{severity, message, path}], openapi: {valid, errors?} }`. Severity 0 is an
 * error, 1 a warning, 2 and 3 hints. (The validators are ES modules, so the test runs this as a process.)
 */
async function main([asyncApiPath, openApiPath]: string[]) {
  if (!asyncApiPath || !openApiPath) throw new Error('usage: validate.ts <asyncapi.json> <openapi.json>');
  const diagnostics = await new Parser().validate(readFileSync(asyncApiPath, 'utf8'));
  const openapi = await new Validator().validate(
    JSON.parse(readFileSync(openApiPath, 'utf8')) as Record<string, unknown>,
  );
  const asyncapi = diagnostics.map(({ severity, message, path }) => ({ severity, message, path: path.join('.') }));
  process.stdout.write(JSON.stringify({ asyncapi, openapi }));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
