const EMPTY = Buffer.alloc(0);

/**
 * FIFO of received chunks. Takes hand out the chunks themselves or views into them
 * (`subarray`), so reading never copies unless a requested range spans chunks.
 * @internal
 */
export class ChunkQueue {
  #chunks: Buffer[] = [];
  #head = 0;
  #length = 0;

  /** Bytes queued. */
  get length(): number {
    return this.#length;
  }

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** Drops everything queued. */
  clear(): void {
    this.#chunks = [];
    this.#head = 0;
    this.#length = 0;
  }

  /** Up to `count` bytes from the first chunk: the chunk itself or a view into it. */
  take(count: number): Buffer {
    const first = this.#chunks[this.#head];
    if (first === undefined) return EMPTY;
    if (first.length <= count) {
      this.#shift();
      this.#length -= first.length;
      return first;
    }
    this.#chunks[this.#head] = first.subarray(count);
    this.#length -= count;
    return first.subarray(0, count);
  }

  /** Exactly `count` bytes (`count <= length`); copies only when they span chunks. */
  takeExactly(count: number): Buffer {
    const first = this.#chunks[this.#head];
    if (first === undefined || first.length >= count) return this.take(count);
    const out = Buffer.allocUnsafe(count);
    let offset = 0;
    while (offset < count) {
      const piece = this.take(count - offset);
      out.set(piece, offset);
      offset += piece.length;
    }
    return out;
  }

  /** Everything queued, as one buffer (no copy when it is a single chunk). */
  takeAll(): Buffer {
    const live = this.#head === 0 ? this.#chunks : this.#chunks.slice(this.#head);
    const all = live.length === 1 ? (live[0] as Buffer) : Buffer.concat(live, this.#length);
    this.clear();
    return all;
  }

  /** Moves every queued chunk onto `out` (no copy); returns the byte count moved. */
  moveTo(out: Buffer[]): number {
    for (let i = this.#head; i < this.#chunks.length; i++) out.push(this.#chunks[i] as Buffer);
    const moved = this.#length;
    this.clear();
    return moved;
  }

  /** Offset of the first `byte` at or after byte offset `from`, or -1. */
  indexOf(byte: number, from: number): number {
    let base = 0;
    for (let i = this.#head; i < this.#chunks.length; i++) {
      const chunk = this.#chunks[i] as Buffer;
      if (from < base + chunk.length) {
        const index = chunk.indexOf(byte, from > base ? from - base : 0);
        if (index !== -1) return base + index;
      }
      base += chunk.length;
    }
    return -1;
  }

  #shift(): void {
    this.#chunks[this.#head] = EMPTY;
    this.#head++;
    if (this.#head === this.#chunks.length) {
      this.#chunks = [];
      this.#head = 0;
    } else if (this.#head >= 64) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
  }
}
