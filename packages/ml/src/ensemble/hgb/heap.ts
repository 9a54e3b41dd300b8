/**
 * Python's heapq (heappush / heappop), operation for operation. The grower pops the node with the
 * largest gain; when two nodes tie, which one comes out first depends on the heap's internal layout,
 * so reproducing heapq's sifts is what keeps our trees identical to scikit-learn's even then.
 * `less(a, b)` plays Python's `a < b`.
 */
export class PyHeap<T> {
  readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get length(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
    this.siftDown(0, this.items.length - 1);
  }

  pop(): T {
    const heap = this.items;
    const last = heap.pop();
    if (last === undefined) throw new Error('pop from an empty heap');
    if (heap.length === 0) return last;
    const top = heap[0];
    heap[0] = last;
    this.siftUp(0);
    return top;
  }

  /** Removes and returns the last array element (Python's `list.pop()` on the heap list). */
  popLast(): T | undefined {
    return this.items.pop();
  }

  private siftDown(startPos: number, pos: number): void {
    const heap = this.items;
    const item = heap[pos];
    while (pos > startPos) {
      const parentPos = (pos - 1) >> 1;
      const parent = heap[parentPos];
      if (this.less(item, parent)) {
        heap[pos] = parent;
        pos = parentPos;
        continue;
      }
      break;
    }
    heap[pos] = item;
  }

  private siftUp(pos: number): void {
    const heap = this.items;
    const endPos = heap.length;
    const startPos = pos;
    const item = heap[pos];
    let child = 2 * pos + 1;
    while (child < endPos) {
      const right = child + 1;
      if (right < endPos && !this.less(heap[child], heap[right])) child = right;
      heap[pos] = heap[child];
      pos = child;
      child = 2 * pos + 1;
    }
    heap[pos] = item;
    this.siftDown(startPos, pos);
  }
}
