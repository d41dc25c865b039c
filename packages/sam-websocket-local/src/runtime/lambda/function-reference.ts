/** A function as Lambda's API takes it: a name, `name:qualifier`, `account:function:name[:qualifier]` or a full ARN. */
export interface FunctionReference {
  name: string;
  qualifier?: string;
  partition?: string;
  region?: string;
  account?: string;
}

const FULL_ARN = /^arn:([^:]+):lambda:([^:]+):(\d{12}):function:([^:]+)(?::([^:]+))?$/;
const PARTIAL_ARN = /^(\d{12}):function:([^:]+)(?::([^:]+))?$/;
const NAME = /^([^:]+)(?::([^:]+))?$/;

/** The parts of a function reference, or undefined when it is none of Lambda's forms. */
export function parseFunctionReference(reference: string): FunctionReference | undefined {
  const full = FULL_ARN.exec(reference);
  if (full) return { partition: full[1], region: full[2], account: full[3], name: full[4]!, qualifier: full[5] };
  const partial = PARTIAL_ARN.exec(reference);
  if (partial) return { account: partial[1], name: partial[2]!, qualifier: partial[3] };
  const named = NAME.exec(reference);
  return named ? { name: named[1]!, qualifier: named[2] } : undefined;
}
