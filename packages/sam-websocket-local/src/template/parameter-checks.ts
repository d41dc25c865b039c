/** A template parameter's declaration: the constraints CloudFormation checks a value against. */
export interface ParameterDeclaration {
  Type: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  MinLength?: number | string;
  MaxLength?: number | string;
  MinValue?: number | string;
  MaxValue?: number | string;
  ConstraintDescription?: string;
}

const LIST_TYPES = new Set(['CommaDelimitedList', 'List<Number>']);

/**
 * Why CloudFormation would refuse this value for the parameter, in its own words, or undefined.
 * Lists are checked item by item (a `List<Number>` item must be a number; AllowedValues and
 * AllowedPattern apply to each item of a CommaDelimitedList). A ConstraintDescription replaces the
 * message for a broken constraint, as CloudFormation shows it.
 */
export function parameterProblem(name: string, declaration: ParameterDeclaration, value: string): string | undefined {
  const items = LIST_TYPES.has(declaration.Type) ? value.split(',').map((item) => item.trim()) : [value];
  const numeric = declaration.Type === 'Number' || declaration.Type === 'List<Number>';
  for (const item of items) {
    if (numeric && !isNumber(item)) return `Parameter '${name}' must be a number (given "${item}")`;
    const broken = constraintBroken(declaration, item, numeric);
    if (broken)
      return declaration.ConstraintDescription
        ? `Parameter '${name}' failed to satisfy constraint: ${declaration.ConstraintDescription} (${broken}; given "${item}")`
        : `Parameter '${name}' ${broken} (given "${item}")`;
  }
  return undefined;
}

function constraintBroken(declaration: ParameterDeclaration, item: string, numeric: boolean): string | undefined {
  const { AllowedValues, AllowedPattern, MinLength, MaxLength, MinValue, MaxValue } = declaration;
  if (AllowedValues && !AllowedValues.map(String).includes(item))
    return `must be one of AllowedValues (${AllowedValues.join(', ')})`;
  if (numeric) {
    if (MinValue !== undefined && Number(item) < Number(MinValue)) return `must be a number not less than ${MinValue}`;
    if (MaxValue !== undefined && Number(item) > Number(MaxValue))
      return `must be a number not greater than ${MaxValue}`;
    return undefined;
  }
  if (MinLength !== undefined && item.length < Number(MinLength))
    return `must contain at least ${MinLength} characters`;
  if (MaxLength !== undefined && item.length > Number(MaxLength)) return `must contain at most ${MaxLength} characters`;
  // CloudFormation matches the pattern against the whole value.
  if (AllowedPattern !== undefined && !new RegExp(`^(?:${AllowedPattern})$`, 'u').test(item))
    return `must match pattern ${AllowedPattern}`;
  return undefined;
}

/** CloudFormation's Number: an integer or a float, written in decimal. */
function isNumber(text: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim());
}
