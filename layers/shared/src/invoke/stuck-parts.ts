import { randomUUID } from 'node:crypto';
import { logger, recipientPlan, splitPlan } from '../core';
import type { BroadcastHeader, PartState } from '../store';
import type { PartInvoker } from './part-work';

/**
 * Parts whose invocation is gone without a word: never started by `startBy` (the invocation that
 * should have started them died first), or owned by an invocation whose lease ran out. Each is
 * handed to a new worker invocation, which takes it over (conditionally: two watchers resume it
 * once). Answers how many were resumed.
 */
export async function resumeStuckParts(
  invoker: Pick<PartInvoker, 'continueLater'>,
  header: BroadcastHeader,
  parts: PartState[],
  now = Date.now(),
): Promise<number> {
  const payload = Buffer.from(header.payload).toString('base64');
  const base = { broadcastId: header.broadcastId, payload };
  const resumes: Promise<void>[] = [];
  for (let part = 0; part < header.parts; part++) {
    const state = parts.find((candidate) => candidate.part === part);
    if (state === undefined && now > header.startBy) {
      resumes.push(invoker.continueLater({ ...base, part, owner: randomUUID(), plan: firstPlan(header, part) }));
    } else if (state !== undefined && !state.done && state.leaseUntil < now) {
      resumes.push(invoker.continueLater({ ...base, part, owner: randomUUID(), resume: {} }));
    }
  }
  if (resumes.length > 0)
    logger.warn('resuming parts whose invocation is gone', { broadcastId: header.broadcastId, parts: resumes.length });
  await Promise.all(resumes);
  return resumes.length;
}

/** A part's plan as the broadcast first split it. */
export function firstPlan(header: Pick<BroadcastHeader, 'topic' | 'shards' | 'since' | 'parts'>, part: number) {
  const plan = recipientPlan(header.topic ?? undefined, header.shards, header.since);
  return header.parts > 1 ? splitPlan(plan, header.shards, header.parts)[part]! : plan;
}
