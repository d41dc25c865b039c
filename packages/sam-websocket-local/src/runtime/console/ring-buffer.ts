/** The last `capacity` items, oldest dropped first: memory stays bounded however long the runtime runs. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  size = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    const end = (this.start + this.size) % this.capacity;
    this.items[end] = item;
    if (this.size < this.capacity) this.size++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Newest first. */
  *newest(): Generator<T> {
    for (let index = this.size - 1; index >= 0; index--) yield this.items[(this.start + index) % this.capacity]!;
  }
}
