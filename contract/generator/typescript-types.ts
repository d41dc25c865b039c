import type { JsonSchema } from './json-schemas';

const REF_BASE = '#/$defs/';

/** TypeScript declarations of the contract's JSON Schemas: one exported type per message. */
export function typescriptTypes(schemas: Record<string, JsonSchema>, header: string): string {
  const declarations = Object.entries(schemas).map(([name, schema]) => {
    return `${doc(schema, '')}export type ${name} = ${typeOf(schema, '')};`;
  });
  return [header, ...declarations].join('\n\n') + '\n';
}

function doc(schema: JsonSchema, indent: string): string {
  const text = schema.description;
  return typeof text === 'string' ? `${indent}/** ${text.replaceAll('*/', '* /')} */\n` : '';
}

function typeOf(schema: JsonSchema, indent: string): string {
  if (typeof schema.$ref === 'string') return schema.$ref.slice(REF_BASE.length);
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const union = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (union) return union.map((member) => typeOf(member, indent)).join(' | ');
  if (Array.isArray(schema.type)) return schema.type.map((type) => typeOf({ ...schema, type }, indent)).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `Array<${typeOf((schema.items as JsonSchema | undefined) ?? {}, indent)}>`;
    case 'object':
      return objectType(schema, indent);
    case undefined:
      return 'unknown';
    default:
      throw new Error(`No TypeScript type for JSON Schema type ${JSON.stringify(schema.type)}`);
  }
}

function objectType(schema: JsonSchema, indent: string): string {
  const inner = `${indent}  `;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const properties = Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {});
  const lines = properties.map(
    ([key, property]) =>
      `${doc(property, inner)}${inner}${JSON.stringify(key)}${required.has(key) ? '' : '?'}: ${typeOf(property, inner)};`,
  );
  // An object that keeps unknown keys (z.looseObject) says so; a closed one lists exactly its keys.
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false)
    lines.push(`${inner}[key: string]: unknown;`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}
