import type net from "node:net";
import {
  ConnectionClosedError,
  FtpAbortError,
  FtpTimeoutError,
  type TimeoutPhase,
} from "./errors.js";

/** Options of {@link awaitSocketEvent}. @internal */
export interface AwaitSocketEventOptions {
  /** Milliseconds before failing with `FtpTimeoutError` of `phase`. */
  timeout: number | undefined;
  signal: AbortSignal | undefined;
  phase: TimeoutPhase;
  /** What "closed before the event" means, for the error message. */
  closedMessage: string;
  /** Tears the socket down; runs before the promise rejects. Returns the error to reject with. */
  onFail(error: Error): Error;
}

/**
 * Resolves when `socket` emits `event` (connect, secureConnect, secure); fails on an error,
 * a close, the timeout or the signal. Every listener and the timer are removed either way.
 * @internal
 */
export function awaitSocketEvent(
  socket: net.Socket,
  event: string,
  options: AwaitSocketEventOptions,
): Promise<void> {
  const { timeout, signal } = options;
  return new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.off(event, onReady);
      socket.off("error", onError);
      socket.off("close", onClose);
    };
    const fail = (error: Error) => {
      cleanup();
      reject(options.onFail(error));
    };
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => fail(error);
    const onClose = () => fail(new ConnectionClosedError(options.closedMessage));
    const onAbort = () => fail(new FtpAbortError(signal?.reason));
    if (signal?.aborted) {
      onAbort();
      return;
    }
    if (timeout !== undefined) {
      timer = setTimeout(() => fail(new FtpTimeoutError(options.phase, timeout)), timeout);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.once(event, onReady);
    socket.on("error", onError);
    socket.once("close", onClose);
  });
}
