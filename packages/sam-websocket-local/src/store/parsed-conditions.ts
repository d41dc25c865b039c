import { createRequire } from 'node:module';

interface ParseContext {
  attrNames?: Record<string, string>;
  attrVals?: Record<string, unknown>;
  unusedAttrNames?: Record<string, boolean>;
  unusedAttrVals?: Record<string, boolean>;
}
interface ConditionParser {
  parse(text: string, options: { context: ParseContext }): unknown;
}
interface Parsed {
  result: object;
  usedNames: string[];
  usedValues: string[];
}

/** Distinct expressions kept; past it, the oldest goes (a store serves a handful of shapes over and over). */
export const PARSED_CONDITIONS_KEPT = 1000;
const PATCHED = Symbol.for('sam-websocket-local.parsed-conditions');

/**
 * dynalite parses every condition, filter and key condition expression with a PEG parser, anew for
 * each request: 0.1–0.3 ms of the store's thread per Scan or Query. The parse depends only on the
 * expression and the names and values it refers to, so a request that repeats them gets the earlier
 * result (dynalite only reads a parsed condition), and the names and values it used are marked used
 * as the parse would mark them (dynalite refuses unused ones). Only successful parses are kept: a
 * wrong expression is parsed, and refused, every time. Update expressions are not kept: their values
 * end up in the items written.
 */
export function cacheParsedConditions(): void {
  const fromDynalite = createRequire(require.resolve('dynalite'));
  const parser = fromDynalite('./db/conditionParser') as ConditionParser & { [PATCHED]?: true };
  if (parser[PATCHED]) return;
  const parse = parser.parse.bind(parser);
  const kept = new Map<string, Parsed>();
  parser.parse = (text, options) => {
    const context = options.context;
    const key = `${text}\u0000${JSON.stringify(context.attrNames ?? null)}\u0000${JSON.stringify(context.attrVals ?? null)}`;
    const earlier = kept.get(key);
    if (earlier) {
      for (const name of earlier.usedNames) delete context.unusedAttrNames?.[name];
      for (const value of earlier.usedValues) delete context.unusedAttrVals?.[value];
      return earlier.result;
    }
    const namesBefore = Object.keys(context.unusedAttrNames ?? {});
    const valuesBefore = Object.keys(context.unusedAttrVals ?? {});
    const result = parse(text, options);
    if (typeof result === 'object' && result !== null) {
      if (kept.size >= PARSED_CONDITIONS_KEPT) kept.delete(kept.keys().next().value!);
      kept.set(key, {
        result,
        usedNames: namesBefore.filter((name) => !(name in (context.unusedAttrNames ?? {}))),
        usedValues: valuesBefore.filter((value) => !(value in (context.unusedAttrVals ?? {}))),
      });
    }
    return result;
  };
  parser[PATCHED] = true;
}
