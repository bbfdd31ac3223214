import { Transform } from "node:stream";

const LF = 0x0a;
const CR = 0x0d;

/** TYPE A downloads: every bare LF becomes CRLF (CRLF already present is kept). */
export function toNetworkAscii(): Transform {
  let lastWasCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let extra = 0;
      let previous = lastWasCr;
      for (const byte of chunk) {
        if (byte === LF && !previous) extra++;
        previous = byte === CR;
      }
      if (extra === 0) {
        lastWasCr = previous;
        callback(null, chunk);
        return;
      }
      const out = Buffer.allocUnsafe(chunk.length + extra);
      let j = 0;
      previous = lastWasCr;
      for (const byte of chunk) {
        if (byte === LF && !previous) out[j++] = CR;
        out[j++] = byte;
        previous = byte === CR;
      }
      lastWasCr = previous;
      callback(null, out);
    },
  });
}

/** TYPE A uploads: CRLF becomes LF; a lone CR is kept. */
export function fromNetworkAscii(): Transform {
  let pendingCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const out = Buffer.allocUnsafe(chunk.length + 1);
      let j = 0;
      for (const byte of chunk) {
        if (pendingCr) {
          pendingCr = false;
          if (byte !== LF) out[j++] = CR;
        }
        if (byte === CR) pendingCr = true;
        else out[j++] = byte;
      }
      callback(null, out.subarray(0, j));
    },
    flush(callback) {
      callback(null, pendingCr ? Buffer.from([CR]) : null);
    },
  });
}
