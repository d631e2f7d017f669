/**
 * A first-in first-out queue with a fixed capacity: when full, new items are refused and counted, so
 * memory stays bounded whatever happens downstream.
 */
export class BoundedQueue<T> {
  private items: T[] = [];
  private head = 0;
  private refused = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('A queue needs a capacity of at least 1.');
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /** Items refused because the queue was full. */
  get dropped(): number {
    return this.refused;
  }

  /** Adds an item; false (and counted as dropped) when the queue is full. */
  push(item: T): boolean {
    if (this.length >= this.capacity) {
      this.refused++;
      return false;
    }
    this.items.push(item);
    return true;
  }

  /** Up to `count` items from the front, left in the queue. */
  peek(count: number): T[] {
    return this.items.slice(this.head, this.head + count);
  }

  /** Removes up to `count` items from the front. */
  remove(count: number): void {
    this.head = Math.min(this.items.length, this.head + count);
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Removes `count` items from the front and counts them as dropped (e.g. refused by a receiver). */
  discard(count: number): void {
    const before = this.length;
    this.remove(count);
    this.refused += before - this.length;
  }
}
