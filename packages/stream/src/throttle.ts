import { type Clock, systemClock } from "./clock.js";

/**
 * Most idle time, in milliseconds, that a {@link Throttle} lets I/O catch up on: after a
 * pause, at most this long's worth of bytes (at the limit) goes out without waiting.
 */
export const MAX_IDLE_CREDIT_MS = 1000;

/** Options of a {@link Throttle}. */
export interface ThrottleOptions {
  /** Bytes per second; `undefined` or `0` means no limit. */
  limit?: number | undefined;
  /** Seconds after which the averaging window restarts (default 10, as aioftp). */
  resetRate?: number;
  /** Time source (default: the system clock). */
  clock?: Clock;
}

/**
 * Averaging speed limiter with aioftp's semantics: `append(bytes, start)` records I/O that
 * began at `start` (clock milliseconds), and `wait()` sleeps until the bytes recorded since
 * the window start would have taken that long at `limit` bytes per second. Every `resetRate`
 * seconds the window restarts, carrying over what was sent ahead of schedule.
 *
 * Unlike aioftp, idle time earns at most {@link MAX_IDLE_CREDIT_MS} of burst credit (aioftp's
 * grows without bound, so after a long pause a stream bursts unthrottled): the carried-over
 * amount at a window restart is never negative, and within a window the schedule is never
 * more than that far behind the clock.
 */
export class Throttle {
  /** Seconds after which the averaging window restarts. */
  readonly resetRate: number;
  readonly #clock: Clock;
  #limit: number | undefined;
  #start: number | undefined;
  #sum = 0;

  constructor(options: ThrottleOptions = {}) {
    const { limit, resetRate = 10, clock = systemClock } = options;
    if (!(resetRate > 0)) throw new RangeError(`resetRate must be positive, got ${resetRate}`);
    Throttle.#validate(limit);
    this.#limit = limit;
    this.resetRate = resetRate;
    this.#clock = clock;
  }

  static #validate(limit: number | undefined): void {
    if (limit !== undefined && !(limit >= 0)) {
      throw new RangeError(`limit must be a non-negative number of bytes/s, got ${limit}`);
    }
  }

  /** Bytes per second, or `undefined` for no limit. Setting it restarts the window. */
  get limit(): number | undefined {
    return this.#limit;
  }

  set limit(value: number | undefined) {
    Throttle.#validate(value);
    this.#limit = value;
    this.#start = undefined;
    this.#sum = 0;
  }

  /** True when a positive limit is set. */
  get active(): boolean {
    return this.#limit !== undefined && this.#limit > 0;
  }

  /** The clock this throttle measures time with. */
  get clock(): Clock {
    return this.#clock;
  }

  /** Milliseconds `wait()` would sleep now (0 when no limit or nothing recorded). */
  delay(): number {
    const limit = this.#limit;
    if (limit === undefined || limit <= 0 || this.#start === undefined) return 0;
    const end = this.#start + (this.#sum / limit) * 1000;
    return Math.max(0, end - this.#clock.now());
  }

  /** Sleeps until the next I/O may start. Rejects with `FtpAbortError` when `signal` fires. */
  wait(options: { signal?: AbortSignal | undefined } = {}): Promise<void> {
    const ms = this.delay();
    if (ms <= 0) return Promise.resolve();
    return this.#clock.sleep(ms, options.signal);
  }

  /**
   * Records `byteCount` bytes of I/O that started at `start` (this throttle's clock, ms,
   * taken before the I/O).
   */
  append(byteCount: number, start: number): void {
    const limit = this.#limit;
    if (limit === undefined || limit <= 0) return;
    if (this.#start === undefined) {
      this.#start = start;
    } else {
      // Idle time earns at most MAX_IDLE_CREDIT_MS of credit: move the window start so the
      // schedule ends that far before `start` (aioftp lets this credit grow without bound).
      const idle = start - (this.#start + (this.#sum / limit) * 1000);
      if (idle > MAX_IDLE_CREDIT_MS) this.#start += idle - MAX_IDLE_CREDIT_MS;
    }
    const elapsed = (start - this.#start) / 1000;
    if (elapsed > this.resetRate) {
      this.#sum = Math.max(0, this.#sum - Math.round(elapsed * limit));
      this.#start = start;
    }
    this.#sum += byteCount;
  }

  /** A throttle with the same configuration and no recorded history. */
  clone(): Throttle {
    return new Throttle({ limit: this.#limit, resetRate: this.resetRate, clock: this.#clock });
  }

  /** @internal Exposed for tests of the window arithmetic. */
  get state(): { start: number | undefined; sum: number } {
    return { start: this.#start, sum: this.#sum };
  }

  toString(): string {
    return `Throttle(limit=${this.#limit}, resetRate=${this.resetRate})`;
  }
}

/** A pair of throttles, one per direction. */
export class StreamThrottle {
  /** Applies to reads. */
  readonly read: Throttle;
  /** Applies to writes. */
  readonly write: Throttle;

  constructor(read: Throttle, write: Throttle) {
    this.read = read;
    this.write = write;
  }

  /** Builds both throttles from limits in bytes per second (`undefined` = unlimited). */
  static fromLimits(
    readLimit?: number,
    writeLimit?: number,
    options: { clock?: Clock; resetRate?: number } = {},
  ): StreamThrottle {
    return new StreamThrottle(
      new Throttle({ ...options, limit: readLimit }),
      new Throttle({ ...options, limit: writeLimit }),
    );
  }

  /** Clones both throttles (same limits, fresh history). */
  clone(): StreamThrottle {
    return new StreamThrottle(this.read.clone(), this.write.clone());
  }
}
