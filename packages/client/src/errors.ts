import { ConnectionClosedError, FtpAbortError, FtpTimeoutError } from "@ftp/stream";

/** The phases the client names when a timeout fires (`FtpTimeoutError.phase`). */
export type ClientTimeoutPhase = "connect" | "reply" | "data-connect" | "idle" | "tls";

/** A typed timeout for one named phase. */
export function timeoutError(phase: ClientTimeoutPhase, ms: number, what: string): Error {
  return new FtpTimeoutError(phase, ms, `${what}: no progress within ${ms} ms (${phase} timeout)`);
}

/** The error an operation rejects with when its `AbortSignal` fires. */
export function abortError(signal: AbortSignal): Error {
  return new FtpAbortError(signal.reason);
}

/** The control (or data) connection is gone; `cause` says why when known. */
export function closedError(message: string, cause?: unknown): Error {
  return new ConnectionClosedError(message, cause === undefined ? undefined : { cause });
}

/** Throws the abort error when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/**
 * Appends the stack captured where the caller queued the operation, so that an error raised
 * later by the queue points at user code.
 */
export function withCallerStack(error: unknown, origin: Error): unknown {
  if (!(error instanceof Error) || typeof origin.stack !== "string") return error;
  const marker = "\n    --- queued at ---";
  if (typeof error.stack === "string" && !error.stack.includes(marker)) {
    const frames = origin.stack.split("\n").slice(1).join("\n");
    error.stack = `${error.stack}${marker}\n${frames}`;
  }
  return error;
}
