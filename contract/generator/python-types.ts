import type { JsonSchema } from './json-schemas';

const REF_BASE = '#/$defs/';

/**
 * Python TypedDicts of the contract (the JSON the client reads and writes, keys as on the wire). Optional
 * keys go in a `total=False` subclass, which works on every Python the client supports (3.10+).
 */
export function pythonTypes(schemas: Record<string, JsonSchema>, header: string): string {
  const nested: string[] = [];
  const declarations = Object.entries(schemas).map(([name, schema]) => declaration(name, schema, nested));
  const imports = 'from __future__ import annotations\n\nfrom typing import Any, List, Literal, TypedDict, Union';
  return [header, imports, ...nested, ...declarations].join('\n\n\n') + '\n';
}

function declaration(name: string, schema: JsonSchema, nested: string[]): string {
  if (schema.type !== 'object') return `${name} = ${typeOf(schema, name, nested)}${comment(schema)}`;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const properties = Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {});
  const field = ([key, property]: [string, JsonSchema]) =>
    `    ${key}: ${typeOf(property, `${name}${pascal(key)}`, nested)}${comment(property)}`;
  const docstring = `    """${String(schema.description ?? schema.title ?? name).replaceAll('"""', "'''")}"""`;
  const requiredFields = properties.filter(([key]) => required.has(key)).map(field);
  const optionalFields = properties.filter(([key]) => !required.has(key)).map(field);
  if (optionalFields.length === 0) return [`class ${name}(TypedDict):`, docstring, ...requiredFields].join('\n');
  const base = `class _${name}Required(TypedDict):\n${docstring}\n${requiredFields.join('\n') || '    pass'}`;
  return `${base}\n\n\nclass ${name}(_${name}Required, total=False):\n${docstring}\n${optionalFields.join('\n')}`;
}

function comment(schema: JsonSchema): string {
  return typeof schema.description === 'string' ? `  # ${schema.description}` : '';
}

const pythonLiteral = (value: unknown) =>
  typeof value === 'boolean' ? (value ? 'True' : 'False') : value === null ? 'None' : JSON.stringify(value);

const pascal = (key: string) => key.replace(/(^|_)([a-z])/g, (_match, _sep, letter: string) => letter.toUpperCase());

function typeOf(schema: JsonSchema, name: string, nested: string[]): string {
  if (typeof schema.$ref === 'string') return schema.$ref.slice(REF_BASE.length);
  if ('const' in schema) return `Literal[${pythonLiteral(schema.const)}]`;
  const union = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (union) return `Union[${union.map((member, index) => typeOf(member, `${name}${index}`, nested)).join(', ')}]`;
  if (Array.isArray(schema.type))
    return `Union[${schema.type.map((type) => typeOf({ ...schema, type }, name, nested)).join(', ')}]`;
  switch (schema.type) {
    case 'string':
      return 'str';
    case 'integer':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'null':
      return 'None';
    case 'array':
      return `List[${typeOf((schema.items as JsonSchema | undefined) ?? {}, `${name}Item`, nested)}]`;
    case 'object':
      // A nested object becomes a TypedDict of its own, declared before its user.
      nested.push(declaration(name, schema, nested));
      return name;
    case undefined:
      return 'Any';
    default:
      throw new Error(`No Python type for JSON Schema type ${JSON.stringify(schema.type)}`);
  }
}
