import type { Template } from './cfn-yaml';
import { parameterProblem } from './parameter-checks';

/** Values the local runtime gives to the resources it emulates. */
export interface LocalResolution {
  parameters: Record<string, string>;
  pseudo: Record<string, string>;
  /** `Ref` of a resource. */
  ref: (logicalId: string) => string | undefined;
  /** `Fn::GetAtt` of a resource. */
  getAtt: (logicalId: string, attribute: string) => string | undefined;
}

/**
 * What to put where a value names something the runtime does not emulate (a Cognito pool, a bucket, an export):
 * SAM CLI's choice, the logical id, unless the caller says otherwise. `what` names the reference for a warning.
 */
export type StandIn = (what: string, value: string) => string;

/** `Ref: AWS::NoValue`: the property or list item is left out. */
const NO_VALUE = Symbol('AWS::NoValue');

export class UnresolvableError extends Error {
  constructor(what: string) {
    super(`Cannot resolve ${what} locally`);
    this.name = 'UnresolvableError';
  }
}

/** Parameter values: the template's defaults overridden by the values given. */
export function parameterValues(template: Template, overrides: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, parameter] of Object.entries(template.Parameters ?? {})) {
    const value = overrides[name] ?? (parameter.Default === undefined ? undefined : String(parameter.Default));
    if (value === undefined)
      throw new Error(
        `Parameter ${name} has no default and no value: give one with --parameter-overrides ${name}=<value>`,
      );
    const problem = parameterProblem(name, parameter, value);
    if (problem) throw new Error(problem);
    values[name] = value;
  }
  for (const name of Object.keys(overrides)) {
    if (!(name in values))
      throw new Error(`A value is given for parameter ${name}, which the template does not declare`);
  }
  return values;
}

export class IntrinsicResolver {
  constructor(
    private readonly template: Template,
    private readonly local: LocalResolution,
    private readonly standIn?: StandIn,
  ) {}

  /** A resolver that gives stand-ins (and tells `standIn`) where this one would refuse: for function variables. */
  withStandIns(standIn: StandIn): IntrinsicResolver {
    return new IntrinsicResolver(this.template, this.local, standIn);
  }

  resolve(value: unknown): unknown {
    const resolved = this.resolveNode(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  private resolveNode(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolveNode(item)).filter((item) => item !== NO_VALUE);
    if (typeof value !== 'object' || value === null) return value;
    const node = value as Record<string, unknown>;
    const keys = Object.keys(node);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const argument = node[key];
      switch (key) {
        case 'Ref':
          return this.ref(String(argument));
        case 'Fn::GetAtt': {
          const [id, attribute] = argument as [string, string];
          return this.getAtt(id, attribute);
        }
        case 'Fn::Sub':
          return this.sub(argument);
        case 'Fn::Join': {
          const [separator, items] = argument as [string, unknown[]];
          return (this.resolve(items) as unknown[]).join(separator);
        }
        case 'Fn::Select': {
          const [index, items] = argument as [unknown, unknown];
          return (this.resolve(items) as unknown[])[Number(this.resolve(index))];
        }
        case 'Fn::Split': {
          const [separator, text] = argument as [string, unknown];
          return String(this.resolve(text)).split(separator);
        }
        case 'Fn::If': {
          const [condition, whenTrue, whenFalse] = argument as [string, unknown, unknown];
          return this.resolveNode(this.condition(condition) ? whenTrue : whenFalse);
        }
        case 'Fn::FindInMap':
          return this.findInMap(this.resolve(argument) as [string, string, string]);
        case 'Fn::Base64':
          return Buffer.from(String(this.resolve(argument))).toString('base64');
        case 'Fn::ImportValue': {
          const name = String(this.resolve(argument));
          if (!this.standIn) throw new UnresolvableError(`Fn::ImportValue ${name}`);
          return this.standIn(`the export ${name} of another stack`, name);
        }
      }
      if (key.startsWith('Fn::')) throw new UnresolvableError(key);
    }
    return Object.fromEntries(
      Object.entries(node)
        .map(([key, child]) => [key, this.resolveNode(child)])
        .filter(([, child]) => child !== NO_VALUE),
    );
  }

  private findInMap([map, topKey, secondKey]: [string, string, string]): unknown {
    const mapping = (this.template.Mappings as Record<string, Record<string, Record<string, unknown>>> | undefined)?.[
      map
    ];
    const value = mapping?.[topKey]?.[secondKey];
    if (value === undefined)
      throw new Error(`Fn::FindInMap: the template's Mappings have no ${map}.${topKey}.${secondKey}`);
    return value;
  }

  condition(name: string): boolean {
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new Error(`Unknown condition ${name}`);
    return this.evaluate(definition);
  }

  /** A condition expression (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition), as in Conditions and Rules. */
  evaluate(expression: unknown): boolean {
    const node = expression as Record<string, unknown>;
    if ('Condition' in node) return this.condition(String(node.Condition));
    if ('Fn::Equals' in node) {
      const [left, right] = this.resolve(node['Fn::Equals']) as [unknown, unknown];
      return String(left) === String(right);
    }
    if ('Fn::Not' in node) return !this.evaluate((node['Fn::Not'] as unknown[])[0]);
    if ('Fn::And' in node) return (node['Fn::And'] as unknown[]).every((item) => this.evaluate(item));
    if ('Fn::Or' in node) return (node['Fn::Or'] as unknown[]).some((item) => this.evaluate(item));
    throw new UnresolvableError(`condition ${JSON.stringify(expression)}`);
  }

  private ref(name: string): string | typeof NO_VALUE {
    if (name === 'AWS::NoValue') return NO_VALUE;
    const value = this.local.parameters[name] ?? this.local.pseudo[name] ?? this.local.ref(name);
    if (value !== undefined) return value;
    const type = this.template.Resources[name]?.Type;
    if (this.standIn && type) return this.standIn(`${name} (${type}), which is not emulated`, name);
    throw new UnresolvableError(`Ref ${name}`);
  }

  private getAtt(id: string, attribute: string): string {
    const value = this.local.getAtt(id, attribute);
    if (value !== undefined) return value;
    const type = this.template.Resources[id]?.Type;
    if (this.standIn && type) return this.standIn(`${id}.${attribute} (${type}), which is not emulated`, id);
    throw new UnresolvableError(`GetAtt ${id}.${attribute}`);
  }

  private sub(argument: unknown): string {
    const [text, variables] = Array.isArray(argument)
      ? [String(argument[0]), this.resolve(argument[1] ?? {}) as Record<string, unknown>]
      : [String(argument), {} as Record<string, unknown>];
    return text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (name in variables) return String(variables[name]);
      const dot = name.indexOf('.');
      return dot > 0 && !name.startsWith('AWS::')
        ? this.getAtt(name.slice(0, dot), name.slice(dot + 1))
        : String(this.ref(name));
    });
  }
}
