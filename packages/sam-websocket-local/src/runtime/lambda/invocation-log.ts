import type { RuntimeLog } from '../log';
import type { Invocation } from './function-pool';

/** One line per invocation (`invoke fn=… type=…`), an error with its type and message. */
export function logInvocation(log: RuntimeLog, invocation: Invocation, functionId: string, type: string): Invocation {
  const { outcome } = invocation;
  const fields = {
    fn: functionId,
    type,
    ms: Math.round(invocation.durationMs),
    cpuMs: invocation.cpuMs?.toFixed(1),
    cold: invocation.coldStart || undefined,
    requestId: invocation.requestId,
  };
  if (outcome.ok) log.info('invoke', fields);
  else log.error('invoke', { ...fields, errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage });
  return invocation;
}
