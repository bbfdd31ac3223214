/**
 * A restartable timeout for waits that happen often (one per received chunk): `arm()` only
 * moves a deadline forward and reuses the running timer, instead of creating and clearing
 * a timer per wait. When it fires while armed and past the deadline, `onExpire` runs.
 * While nothing waits, the timer is unreferenced (it never keeps the process alive);
 * `clear()` stops it when the owner is done.
 * @internal
 */
export class Deadline {
  readonly ms: number;
  readonly #onExpire: () => void;
  #timer: NodeJS.Timeout | undefined;
  #deadline = 0;
  #armed = 0;

  constructor(ms: number, onExpire: () => void) {
    this.ms = ms;
    this.#onExpire = onExpire;
  }

  /** Starts (or restarts) the countdown for one more wait. */
  arm(): void {
    this.#armed++;
    this.#deadline = performance.now() + this.ms;
    if (this.#timer === undefined) this.#timer = setTimeout(this.#check, this.ms);
    else if (this.#armed === 1) this.#timer.ref();
  }

  /** One wait ended in time. */
  disarm(): void {
    if (this.#armed > 0 && --this.#armed === 0) this.#timer?.unref();
  }

  /** Stops the timer for good (until the next `arm()`). */
  clear(): void {
    this.#armed = 0;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  readonly #check = (): void => {
    this.#timer = undefined;
    if (this.#armed === 0) return;
    const remaining = this.#deadline - performance.now();
    if (remaining > 1) {
      this.#timer = setTimeout(this.#check, remaining);
      return;
    }
    this.#armed = 0;
    this.#onExpire();
  };
}
