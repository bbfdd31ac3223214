import { Transform } from "node:stream";
import type { StreamThrottle, Throttle } from "@ftp/stream";

function activeThrottles(
  throttles: Record<string, StreamThrottle>,
  direction: "read" | "write",
): Throttle[] {
  return Object.values(throttles)
    .map((throttle) => throttle[direction])
    .filter((throttle) => throttle.limit !== undefined && throttle.limit > 0);
}

/**
 * Paces data through every throttle of a session's record that has a limit for the
 * direction, in pieces of at most `pieceSize` bytes; the end waits too, so a transfer never
 * finishes faster than its limit. The record is read per piece, so throttles added later
 * (at login) apply as well.
 */
export function throttleTransform(
  throttles: Record<string, StreamThrottle>,
  direction: "read" | "write",
  signal: AbortSignal,
  pieceSize: number,
): Transform {
  const waitAll = (active: Throttle[]) =>
    Promise.all(active.map((throttle) => throttle.wait({ signal })));
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const run = async () => {
        for (let offset = 0; offset < chunk.length; offset += pieceSize) {
          const piece = chunk.subarray(offset, offset + pieceSize);
          const active = activeThrottles(throttles, direction);
          if (active.length > 0) await waitAll(active);
          for (const throttle of active) throttle.append(piece.length, throttle.clock.now());
          this.push(piece);
        }
      };
      run().then(
        () => callback(),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
    flush(callback) {
      waitAll(activeThrottles(throttles, direction)).then(
        () => callback(),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
}
