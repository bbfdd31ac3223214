import { abortError, type ClientTimeoutPhase, timeoutError } from "./errors.js";

/** How long one wait may take and what cancels it. */
export interface DeadlineOptions {
  /** Milliseconds; absent or 0 means no limit. */
  timeout?: number | undefined;
  /** Named in the `FtpTimeoutError` when the timeout fires. */
  phase: ClientTimeoutPhase;
  /** Words for the error message, e.g. "reading the reply to RETR". */
  what: string;
  signal?: AbortSignal | undefined;
}

/**
 * Settles with `promise`, or rejects with a typed timeout or abort error, whichever comes
 * first. Timer and listener are removed on every path; a late rejection of `promise` is
 * swallowed so it never becomes unhandled.
 */
export function withDeadline<T>(promise: Promise<T>, options: DeadlineOptions): Promise<T> {
  const { timeout, signal } = options;
  if (!timeout && !signal) return promise;
  if (signal?.aborted) {
    promise.catch(() => {});
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      cleanup();
      promise.catch(() => {});
      reject(abortError(signal as AbortSignal));
    };
    if (timeout) {
      timer = setTimeout(() => {
        cleanup();
        promise.catch(() => {});
        reject(timeoutError(options.phase, timeout, options.what));
      }, timeout);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}

/** Resolves after `ms` unless `signal` fires first (then rejects with the abort error). */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return withDeadline(
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener("abort", () => clearTimeout(timer), { once: true });
    }),
    { phase: "idle", what: "waiting", signal },
  );
}
