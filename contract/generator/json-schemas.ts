import { z } from 'zod/mini';
import { readSchemas, writtenSchemas } from './schemas';

export type JsonSchema = { [keyword: string]: unknown };

/** Every message of the contract as JSON Schema (draft 2020-12), referring to each other under `refBase`. */
export function contractSchemas(refBase: string): Record<string, JsonSchema> {
  return {
    ...registrySchemas(readSchemas, 'input', refBase),
    ...registrySchemas(writtenSchemas, 'output', refBase),
  };
}

function registrySchemas(
  schemas: Record<string, z.ZodMiniType>,
  io: 'input' | 'output',
  refBase: string,
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: generated } = z.toJSONSchema(registry, { io, uri: (id) => `${refBase}${id}` });
  return Object.fromEntries(
    Object.keys(schemas).map((id) => {
      // Each schema sits inside a document that names the dialect and its place: no $schema or $id of its own.
      const schema = { ...(generated[id] as JsonSchema) };
      delete schema.$schema;
      delete schema.$id;
      return [id, schema];
    }),
  );
}
