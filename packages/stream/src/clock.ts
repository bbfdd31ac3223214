import { FtpAbortError } from "./errors.js";

/** Time source for throttles: injectable so tests of long limits run instantly. */
export interface Clock {
  /** Monotonic time in milliseconds. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with `FtpAbortError` when `signal` fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Rejects with an `FtpAbortError` if `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new FtpAbortError(signal.reason);
}

/** The real clock: `performance.now()` and timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep(ms, signal) {
    if (signal?.aborted) return Promise.reject(new FtpAbortError(signal.reason));
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(new FtpAbortError(signal?.reason));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};

/**
 * A clock that only moves when slept on or advanced: `sleep(ms)` adds `ms` to the time at
 * once. Use it to test throttles without waiting (the total of all sleeps is the simulated
 * duration).
 */
export class ManualClock implements Clock {
  #now: number;

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves the time forward by `ms`. */
  advance(ms: number): void {
    this.#now += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (ms > 0) this.#now += ms;
    // Yield to the event loop like a real timer would.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
