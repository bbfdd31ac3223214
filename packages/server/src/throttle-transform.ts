import { Transform } from "node:stream";
import type { StreamThrottle } from "@ftp/stream";

/**
 * Paces chunks through every throttle of a session's record that has a limit for the
 * direction. The record is read per chunk, so throttles added later (at login) apply too.
 */
export function throttleTransform(
  throttles: Record<string, StreamThrottle>,
  direction: "read" | "write",
  signal: AbortSignal,
): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const active = Object.values(throttles)
        .map((throttle) => throttle[direction])
        .filter((throttle) => throttle.limit !== undefined && throttle.limit > 0);
      if (active.length === 0) {
        callback(null, chunk);
        return;
      }
      Promise.all(active.map((throttle) => throttle.wait({ signal }))).then(
        () => {
          const start = Date.now();
          for (const throttle of active) throttle.append(chunk.length, start);
          callback(null, chunk);
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
}
