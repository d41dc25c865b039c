import { createRequire } from 'node:module';

interface Iterator {
  close(): Promise<void>;
  next(): Promise<unknown>;
  return?: () => Promise<void>;
}
interface IteratorClass {
  prototype: object;
}
interface LevelClass {
  prototype: { attachResource(resource: object): void; detachResource(resource: object): void };
}

/** How long an open iterator may sit unused before it counts as abandoned (a query takes milliseconds). */
const ABANDONED_AFTER_MS = 5000;

let installed = false;
const open = new Map<Iterator, number>();

/** Store iterators open now: a handful while queries run, none when the store is idle. */
export const openIteratorCount = () => open.size;

/**
 * dynalite reads through level iterators but never closes them: its streams call `iterator.return`,
 * which abstract-level iterators do not have, and a query that stops at its Limit leaves its
 * iterator half-read. The database keeps every open iterator, and each one pins the in-memory
 * tree as it was — about 4 KB of heap and 3 KB of buffers per connection that came and went, for
 * good (the churn bench's memory that never came back). Here iterators close at their end, on
 * `return`, and when left unused; nothing else changes.
 */
export function closeAbandonedIterators(): void {
  if (installed) return;
  installed = true;
  const fromDynalite = createRequire(require.resolve('dynalite'));
  // The abstract-level both of dynalite's stores are built on (memory-level, and level for --data).
  const abstractLevel = createRequire(fromDynalite.resolve('memory-level'))('abstract-level') as {
    AbstractIterator: IteratorClass;
    AbstractLevel: LevelClass;
  };
  // Entry, key and value iterators share one base class; `next` and `close` live there.
  const common = Object.getPrototypeOf(abstractLevel.AbstractIterator.prototype) as Iterator;
  const { AbstractLevel } = abstractLevel;

  const attach = AbstractLevel.prototype.attachResource;
  AbstractLevel.prototype.attachResource = function (resource) {
    if (Object.prototype.isPrototypeOf.call(common, resource)) open.set(resource as Iterator, Date.now());
    attach.call(this, resource);
  };
  const detach = AbstractLevel.prototype.detachResource;
  AbstractLevel.prototype.detachResource = function (resource) {
    open.delete(resource as Iterator);
    detach.call(this, resource);
  };
  const next = common.next;
  common.next = async function (this: Iterator) {
    if (open.has(this)) open.set(this, Date.now());
    const item = await next.call(this);
    if (item === undefined) void this.close().catch(() => undefined);
    return item;
  };
  common.return = function (this: Iterator) {
    return this.close();
  };
  setInterval(() => {
    const cutoff = Date.now() - ABANDONED_AFTER_MS;
    for (const [iterator, lastUsed] of open) if (lastUsed < cutoff) void iterator.close().catch(() => undefined);
  }, ABANDONED_AFTER_MS).unref();
}
