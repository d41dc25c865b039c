import type { Template } from './cfn-yaml';
import type { IntrinsicResolver } from './intrinsics';

interface Rule {
  RuleCondition?: unknown;
  Assertions?: { Assert: unknown; AssertDescription?: string }[];
}

/**
 * The template's Rules, evaluated as CloudFormation does before it creates anything: one message
 * per failed assertion (its AssertDescription), so a bad parameter stops the start-up as it would
 * stop the deploy.
 */
export function ruleViolations(template: Template, resolver: IntrinsicResolver): string[] {
  const rules = ((template as { Rules?: Record<string, Rule> }).Rules ?? {}) as Record<string, Rule>;
  const violations: string[] = [];
  for (const [name, rule] of Object.entries(rules)) {
    if (rule.RuleCondition !== undefined && !resolver.evaluate(rule.RuleCondition)) continue;
    for (const assertion of rule.Assertions ?? []) {
      if (!resolver.evaluate(assertion.Assert))
        violations.push(`${name}: ${assertion.AssertDescription ?? 'assertion failed'}`);
    }
  }
  return violations;
}
