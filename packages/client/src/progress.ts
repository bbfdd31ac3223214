/** One progress report of a transfer. */
export interface TransferProgress {
  /** The remote path being transferred. */
  path: string;
  /** Which way the bytes move. */
  direction: "download" | "upload";
  /** Bytes moved so far in this transfer (not counting a resume offset). */
  bytes: number;
  /** Bytes this transfer will move in all, when known (e.g. from SIZE or the local file). */
  total?: number;
  /** Average rate since the transfer started, bytes per second. */
  rate: number;
  /** Milliseconds since the transfer started. */
  elapsed: number;
  /** True on the last report of the transfer (it completed or stopped). */
  done: boolean;
}

/** Receives progress reports. */
export type ProgressListener = (progress: TransferProgress) => void;

/** Counts the bytes of one transfer and reports at most every `interval` ms (and at the end). */
export class ProgressTracker {
  readonly #path: string;
  readonly #direction: "download" | "upload";
  readonly #total: number | undefined;
  readonly #listeners: ProgressListener[];
  readonly #interval: number;
  readonly #start = performance.now();
  #last = 0;
  #bytes = 0;
  #done = false;

  constructor(
    path: string,
    direction: "download" | "upload",
    total: number | undefined,
    listeners: ProgressListener[],
    interval: number,
  ) {
    this.#path = path;
    this.#direction = direction;
    this.#total = total;
    this.#listeners = listeners;
    this.#interval = interval;
  }

  /** Bytes counted so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Counts `count` more bytes. */
  add(count: number): void {
    this.#bytes += count;
    if (this.#listeners.length === 0) return;
    const now = performance.now();
    if (now - this.#last >= this.#interval) {
      this.#last = now;
      this.#report(now, false);
    }
  }

  /** Sends the final report (once). */
  end(): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#listeners.length > 0) this.#report(performance.now(), true);
  }

  #report(now: number, done: boolean): void {
    const elapsed = now - this.#start;
    const progress: TransferProgress = {
      path: this.#path,
      direction: this.#direction,
      bytes: this.#bytes,
      rate: elapsed > 0 ? (this.#bytes * 1000) / elapsed : 0,
      elapsed,
      done,
    };
    if (this.#total !== undefined) progress.total = this.#total;
    for (const listener of this.#listeners) listener(progress);
  }
}
