import type { Template } from './cfn-yaml';
import { IntrinsicResolver } from './intrinsics';

/**
 * The template as CloudFormation would create it for these parameters: resources whose Condition
 * is false are left out (a function only in production, an alarm only with a topic).
 */
export function presentResources(template: Template, parameters: Record<string, string>, region: string): Template {
  const resolver = new IntrinsicResolver(template, {
    parameters,
    pseudo: { 'AWS::Region': region, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' },
    ref: () => undefined,
    getAtt: () => undefined,
  });
  const resources = Object.entries(template.Resources).filter(
    ([, resource]) => resource.Condition === undefined || resolver.condition(resource.Condition),
  );
  return { ...template, Resources: Object.fromEntries(resources) };
}
