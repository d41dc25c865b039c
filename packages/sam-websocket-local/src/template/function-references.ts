import type { Template } from './cfn-yaml';
import { isFunction } from './function-spec';
import { referencedIds } from './references';

/** A value's text as written: a string, or the template of a Fn::Sub (its ${...} left as they are). */
function writtenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const sub = (value as { 'Fn::Sub'?: unknown } | null)?.['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  return undefined;
}

/**
 * The function a Lambda ARN names after `:function:`, in an ARN or an API Gateway invocation URI
 * (`…/functions/<arn>/invocations`), without its alias or version qualifier.
 */
export function functionNameInArn(text: string): string | undefined {
  // A ${...} of a Sub is one piece of the name, colons and all (`${AWS::StackName}-worker`).
  const piece = '(?:\\$\\{[^}]*\\}|[^:/$])+';
  return new RegExp(`:function:(${piece})(?::${piece})?(?:/invocations)?$`).exec(text)?.[1];
}

/**
 * The logical id of the template's function a value points to: by Ref or GetAtt (also inside a Sub),
 * or by the name an ARN spells out (`…:function:AuthorizerFunction/invocations`, `…:function:${AWS::StackName}-worker:live`)
 * matched against each function's FunctionName as written, which is the name it will have once deployed.
 */
export function functionIn(template: Template, value: unknown): string | undefined {
  const referenced = referencedIds(value).find((id) => isFunction(template, id));
  if (referenced) return referenced;
  const text = writtenText(value);
  const name = text === undefined ? undefined : functionNameInArn(text);
  if (name === undefined) return undefined;
  return Object.keys(template.Resources).find(
    (id) => isFunction(template, id) && writtenText(template.Resources[id]!.Properties?.FunctionName) === name,
  );
}
