import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Template } from 'sam-websocket-local/internal';

/**
 * Validates a template against the SAM schema (for AWS::Serverless::* and Globals) and the
 * CloudFormation provider schemas (for everything else). The schema files are data supplied beside
 * the repository (../shared/schemas) or at SAM_SCHEMAS_DIR; they are never copied into it.
 */
export function schemasDir(root: string): string {
  return resolve(process.env.SAM_SCHEMAS_DIR ?? join(root, '..', 'shared', 'schemas'));
}

export function schemasAvailable(dir: string): boolean {
  return existsSync(join(dir, 'sam.schema.json')) && existsSync(join(dir, 'cfn-resource-schemas.us-east-1.json'));
}

const INTRINSIC_KEYS = new Set(['Ref', 'Condition']);
const isIntrinsic = (value: unknown) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (INTRINSIC_KEYS.has(keys[0]!) || keys[0]!.startsWith('Fn::'));
};

/** Errors at or below an intrinsic function are about a value only CloudFormation can compute. */
function throughIntrinsic(root: unknown, instancePath: string): boolean {
  let node = root;
  if (isIntrinsic(node)) return true;
  for (const segment of instancePath.split('/').slice(1)) {
    node = (node as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (isIntrinsic(node)) return true;
  }
  return false;
}

function describe(where: string, errors: ErrorObject[] | null | undefined, value: unknown): string[] {
  return (
    (errors ?? [])
      .filter((error) => !throughIntrinsic(value, error.instancePath))
      // anyOf/oneOf branches repeat what their failing members say.
      .filter((error) => !['anyOf', 'oneOf', 'if'].includes(error.keyword))
      .map((error) => {
        const extra =
          error.keyword === 'additionalProperties'
            ? ` '${(error.params as { additionalProperty: string }).additionalProperty}'`
            : '';
        return `${where}${error.instancePath}: ${error.message}${extra}`;
      })
  );
}

export class SchemaChecker {
  private readonly sam: Ajv;
  private readonly samDefinitions: Set<string>;
  private readonly cfn: Ajv;
  private readonly providerSchemas: Record<string, Record<string, unknown>>;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(dir: string) {
    const samSchema = JSON.parse(readFileSync(join(dir, 'sam.schema.json'), 'utf8')) as {
      definitions: Record<string, unknown>;
    };
    this.sam = new AjvDraft04({ allErrors: true, strict: false });
    this.sam.addSchema(samSchema, 'sam');
    this.samDefinitions = new Set(Object.keys(samSchema.definitions));
    // Provider schemas write patterns such as `[A-Za-z0-9\_]` (CloudWatch alarm metric ids), valid in
    // the ECMAScript regex CloudFormation's tooling uses but not under the `u` flag Ajv adds by default.
    this.cfn = new Ajv({
      strict: false,
      allErrors: true,
      coerceTypes: true,
      validateSchema: false,
      logger: false,
      unicodeRegExp: false,
    });
    addFormats(this.cfn);
    const bundle = JSON.parse(readFileSync(join(dir, 'cfn-resource-schemas.us-east-1.json'), 'utf8')) as {
      schemas: Record<string, Record<string, unknown>>;
    };
    this.providerSchemas = bundle.schemas;
  }

  check(template: Template): string[] {
    const problems: string[] = [];
    if (template.Globals) {
      const validate = this.sam.getSchema('sam#/definitions/__main____Globals')!;
      if (!validate(template.Globals)) problems.push(...describe('Globals', validate.errors, template.Globals));
    }
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (resource.Type.startsWith('AWS::Serverless::')) {
        const kind = resource.Type.slice('AWS::Serverless::'.length).toLowerCase();
        const definition = `samtranslator__internal__schema_source__aws_serverless_${kind}__Resource`;
        if (!this.samDefinitions.has(definition)) {
          problems.push(`${id}: unknown SAM resource type ${resource.Type}`);
          continue;
        }
        const validate = this.sam.getSchema(`sam#/definitions/${definition}`)!;
        if (!validate(resource)) problems.push(...describe(id, validate.errors, resource));
        continue;
      }
      const validate = this.provider(resource.Type);
      if (!validate) {
        problems.push(`${id}: unknown resource type ${resource.Type}`);
        continue;
      }
      const properties = resource.Properties ?? {};
      if (!validate(properties)) problems.push(...describe(`${id}.Properties`, validate.errors, properties));
    }
    return problems;
  }

  private provider(type: string): ValidateFunction | undefined {
    if (!this.compiled.has(type)) {
      const schema = this.providerSchemas[type];
      if (!schema) return undefined;
      const withoutMeta = { ...schema };
      delete withoutMeta.$schema;
      this.compiled.set(type, this.cfn.compile(withoutMeta));
    }
    return this.compiled.get(type);
  }
}
