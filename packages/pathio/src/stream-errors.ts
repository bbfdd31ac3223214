import type { Readable, Writable } from "node:stream";
import { toPathIOError } from "./errors.js";

/**
 * Makes a `node:fs` stream fail with {@link PathIOError}s: the error a stream is destroyed
 * with passes through `_destroy`, so mapping it there costs nothing per chunk. Abort errors
 * (from an `AbortSignal`) are left as they are.
 */
export function mapStreamErrors<T extends Readable | Writable>(
  stream: T,
  operation: string,
  target: string,
): T {
  const original = stream._destroy;
  stream._destroy = function mappedDestroy(
    this: T,
    error: Error | null,
    callback: (error?: Error | null) => void,
  ): void {
    original.call(this, error, (result?: Error | null) => {
      if (result === null || result === undefined || result.name === "AbortError") callback(result);
      else callback(toPathIOError(result, operation, target));
    });
  };
  return stream;
}
