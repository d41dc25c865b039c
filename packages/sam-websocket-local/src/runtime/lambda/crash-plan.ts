/** `--crash-invocations <FunctionLogicalId>:<count>:<afterMs>`: the next `count` invocations die after `afterMs`. */
export interface CrashOrder {
  functionId: string;
  count: number;
  afterMs: number;
}

/** Reads one `--crash-invocations` value, or throws a message naming what is wrong with it. */
export function parseCrashOrder(text: string): CrashOrder {
  const match = /^([A-Za-z0-9]+):(\d+):(\d+)$/.exec(text);
  if (!match || Number(match[2]) < 1)
    throw new Error(
      `--crash-invocations ${text}: write <FunctionLogicalId>:<count>:<afterMs>, e.g. FanoutWorkerFunction:2:500`,
    );
  return { functionId: match[1]!, count: Number(match[2]), afterMs: Number(match[3]) };
}

/** Hands out the crashes ordered for each function, one per invocation, until they are used up. */
export class CrashPlan {
  private readonly left = new Map<string, { count: number; afterMs: number }>();

  constructor(orders: CrashOrder[] = []) {
    for (const { functionId, count, afterMs } of orders) this.left.set(functionId, { count, afterMs });
  }

  functionIds(): string[] {
    return [...this.left.keys()];
  }

  /** Milliseconds after which this invocation of `functionId` must die, or undefined: it runs normally. */
  next(functionId: string): number | undefined {
    const order = this.left.get(functionId);
    if (!order || order.count === 0) return undefined;
    order.count--;
    return order.afterMs;
  }
}
