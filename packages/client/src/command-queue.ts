import { abortError } from "./errors.js";

/** Gives the queue back to the next caller; calling it twice is harmless. */
export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
  fail: (error: unknown) => void;
}

/**
 * A FIFO lock for one control connection: callers acquire it in the order they asked and
 * hold it until they release it, so commands of concurrent operations never interleave on
 * the wire. A caller whose signal fires while it waits leaves the queue without running.
 */
export class CommandQueue {
  #busy = false;
  readonly #waiters: Waiter[] = [];

  /** True while some operation holds the queue. */
  get busy(): boolean {
    return this.#busy;
  }

  /** Number of operations waiting for their turn. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Waits for this caller's turn; resolves with the function that releases it. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve(this.#makeRelease());
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(abortError(signal as AbortSignal));
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
        fail: (error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Rejects every waiting caller with `error` (used when the client is closed). */
  rejectAll(error: unknown): void {
    for (const waiter of this.#waiters.splice(0)) waiter.fail(error);
  }

  #makeRelease(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next.grant(this.#makeRelease());
      else this.#busy = false;
    };
  }
}
