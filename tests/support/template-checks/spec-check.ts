import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { Template } from 'sam-websocket-local/internal';

type SpecDatabase = Awaited<ReturnType<typeof loadAwsServiceSpec>>;
type SpecProperty = { type: SpecType; required?: boolean; previousTypes?: SpecType[] };
type SpecType =
  | { type: 'string' | 'number' | 'integer' | 'boolean' | 'json' | 'date-time' | 'null' | 'tag' }
  | { type: 'ref'; reference: { $ref: string } }
  | { type: 'array' | 'map'; element: SpecType }
  | { type: 'union'; types: SpecType[] };

const isIntrinsic = (value: unknown) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0]!.startsWith('Fn::'));
};

/** Globals sections and the resource type whose properties they may set. */
const GLOBALS: Record<string, string> = {
  Function: 'AWS::Serverless::Function',
  Api: 'AWS::Serverless::Api',
  HttpApi: 'AWS::Serverless::HttpApi',
  SimpleTable: 'AWS::Serverless::SimpleTable',
  LayerVersion: 'AWS::Serverless::LayerVersion',
  StateMachine: 'AWS::Serverless::StateMachine',
};

/**
 * The spec's AWS::Serverless types lag SAM: properties SAM added later by passing them through to
 * the resource it generates (LoggingConfig, CompatibleArchitectures, ...) are checked against that
 * resource's type instead.
 */
const PASSED_THROUGH_TO: Record<string, string> = {
  'AWS::Serverless::Function': 'AWS::Lambda::Function',
  'AWS::Serverless::LayerVersion': 'AWS::Lambda::LayerVersion',
  'AWS::Serverless::SimpleTable': 'AWS::DynamoDB::Table',
};

/**
 * SAM properties newer than the spec's AWS::Serverless types and not passed through to another
 * resource type, by resource type and property path (each checked in SAM's JSON schema, v1.110).
 */
const SAM_ADDITIONS: Record<string, Record<string, Record<string, SpecProperty>>> = {
  'AWS::Serverless::Api': { Auth: { InvokeRole: { type: { type: 'string' } } } },
};

/**
 * Checks a template against AWS's own specification of every CloudFormation resource type and
 * the AWS::Serverless types (the npm package @aws-cdk/aws-service-spec, which AWS keeps current):
 * unknown resource types, unknown or missing properties, and values of the wrong shape, at any
 * depth. Values computed by intrinsic functions are CloudFormation's to check.
 */
export class SpecChecker {
  private additions: Record<string, Record<string, SpecProperty>> = {};
  private root = '';

  private constructor(private readonly db: SpecDatabase) {}

  static async load(): Promise<SpecChecker> {
    return new SpecChecker(await loadAwsServiceSpec());
  }

  check(template: Template): string[] {
    const problems: string[] = [];
    for (const [section, values] of Object.entries(template.Globals ?? {})) {
      const type = GLOBALS[section];
      const properties = type && this.resource(type)?.properties;
      if (!properties) {
        problems.push(`Globals: unknown section '${section}'`);
        continue;
      }
      const passedThrough = this.properties(PASSED_THROUGH_TO[type] ?? '');
      for (const name of Object.keys(values as object)) {
        if (!(name in properties) && !(name in passedThrough))
          problems.push(`Globals.${section}: unknown property '${name}'`);
      }
    }
    for (const [id, resource] of Object.entries(template.Resources)) {
      const spec = this.resource(resource.Type);
      if (!spec) {
        problems.push(`${id}: unknown resource type ${resource.Type}`);
        continue;
      }
      const globals = (template.Globals?.[resource.Type.replace('AWS::Serverless::', '')] ?? {}) as Record<
        string,
        unknown
      >;
      const given = resource.Type.startsWith('AWS::Serverless::')
        ? { ...globals, ...resource.Properties }
        : (resource.Properties ?? {});
      const properties = { ...this.properties(PASSED_THROUGH_TO[resource.Type] ?? ''), ...spec.properties } as Record<
        string,
        SpecProperty
      >;
      // Pass-through properties that the generated resource requires are SAM's to fill in.
      for (const name of Object.keys(properties))
        if (!(name in spec.properties)) properties[name] = { ...properties[name]!, required: false };
      this.additions = SAM_ADDITIONS[resource.Type] ?? {};
      this.root = `${id}.Properties`;
      problems.push(...this.object(`${id}.Properties`, given, properties, resource.Properties ?? {}));
    }
    return problems;
  }

  private resource(type: string) {
    return this.db.lookup('resource', 'cloudFormationType', 'equals', type)[0];
  }

  private properties(type: string): Record<string, SpecProperty> {
    return (this.resource(type)?.properties ?? {}) as Record<string, SpecProperty>;
  }

  /** `checked` holds the properties written on this resource (Globals only fill in what is required). */
  private object(
    where: string,
    value: Record<string, unknown>,
    specified: Record<string, SpecProperty>,
    checked = value,
  ): string[] {
    const problems: string[] = [];
    const properties = { ...specified, ...this.additions[where.slice(this.root.length + 1)] };
    for (const [name, property] of Object.entries(properties)) {
      if (property.required && value[name] === undefined)
        problems.push(`${where}: missing required property '${name}'`);
    }
    for (const [name, item] of Object.entries(checked)) {
      const property = properties[name];
      if (!property) {
        problems.push(`${where}: unknown property '${name}'`);
        continue;
      }
      const types = [property.type, ...(property.previousTypes ?? [])];
      const attempts = types.map((type) => this.value(`${where}.${name}`, item, type));
      if (!attempts.some((found) => found.length === 0)) problems.push(...attempts[0]!);
    }
    return problems;
  }

  private value(where: string, value: unknown, type: SpecType): string[] {
    if (isIntrinsic(value)) return [];
    const expected = (what: string) => [
      `${where}: expected ${what}, got ${Array.isArray(value) ? 'a list' : typeof value}`,
    ];
    switch (type.type) {
      case 'json':
        return [];
      case 'string':
      case 'date-time':
        // CloudFormation turns numbers and booleans into strings where a string is expected.
        return ['string', 'number', 'boolean'].includes(typeof value) ? [] : expected('a string');
      case 'number':
      case 'integer':
        return typeof value === 'number' ||
          (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
          ? []
          : expected('a number');
      case 'boolean':
        return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : expected('true or false');
      case 'null':
        return value === null ? [] : expected('null');
      case 'tag':
        return typeof value === 'object' && value !== null && !Array.isArray(value) ? [] : expected('a tag');
      case 'array':
        if (!Array.isArray(value)) return expected('a list');
        return value.flatMap((item, index) => this.value(`${where}[${index}]`, item, type.element));
      case 'map':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected('a map');
        return Object.entries(value).flatMap(([key, item]) => this.value(`${where}.${key}`, item, type.element));
      case 'union': {
        const attempts = type.types.map((member) => this.value(where, value, member));
        return attempts.some((found) => found.length === 0)
          ? []
          : attempts.reduce((fewest, found) => (found.length < fewest.length ? found : fewest));
      }
      case 'ref': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return expected('an object');
        const definition = this.db.get('typeDefinition', type.reference.$ref);
        return this.object(
          where,
          value as Record<string, unknown>,
          definition.properties as Record<string, SpecProperty>,
        );
      }
    }
  }
}
