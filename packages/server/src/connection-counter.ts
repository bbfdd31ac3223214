/**
 * A non-blocking counter of free slots (`undefined` = unlimited), as aioftp's
 * `AvailableConnections`: `tryAcquire` takes a slot when one is free.
 */
export class ConnectionCounter {
  /** The limit, or `undefined` for unlimited. */
  readonly limit: number | undefined;
  #used = 0;

  constructor(limit?: number) {
    this.limit = limit;
  }

  /** Slots in use. */
  get used(): number {
    return this.#used;
  }

  /** True when no slot is free. */
  locked(): boolean {
    return this.limit !== undefined && this.#used >= this.limit;
  }

  /** Takes a slot; false (and nothing taken) when none is free. */
  tryAcquire(): boolean {
    if (this.locked()) return false;
    this.#used++;
    return true;
  }

  /** Gives a slot back. @throws RangeError when nothing was taken. */
  release(): void {
    if (this.#used === 0) throw new RangeError("Too many releases");
    this.#used--;
  }
}
