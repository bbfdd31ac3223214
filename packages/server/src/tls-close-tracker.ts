import type net from "node:net";
import { Duplex } from "node:stream";
import type tls from "node:tls";

const unclean = new WeakMap<net.Socket, { value: boolean }>();

/**
 * Puts a plain Duplex between a raw data socket and the TLS layer, so the server can tell a
 * TLS close_notify followed by FIN (a complete upload) from a bare FIN or a reset (maybe
 * truncated): Node reports `end` for both. When the TLS layer has consumed every byte the
 * peer sent, it has ended only if one of them was a close_notify. Call `attach` with the
 * TLSSocket built on the returned duplex; query with {@link endedWithoutCloseNotify}.
 */
export function closeNotifyTracking(raw: net.Socket): {
  duplex: Duplex;
  attach(secure: tls.TLSSocket): void;
} {
  let secure: tls.TLSSocket | undefined;
  const flag = { value: false };
  const duplex = new Duplex({
    read() {
      raw.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      raw.write(chunk, callback);
    },
    final(callback) {
      raw.end();
      callback();
    },
    destroy(error, callback) {
      raw.destroy(error ?? undefined);
      callback(error);
    },
  });
  raw.on("data", (chunk: Buffer) => {
    if (!duplex.push(chunk)) raw.pause();
  });
  // Everything the peer sent is queued in the duplex in order; its `end` fires only once the
  // TLS layer consumed all of it. Registered before the TLSSocket exists, this listener runs
  // before the TLS layer learns about the EOF: a close_notify, if sent, was already read.
  duplex.once("end", () => {
    const state = (secure as unknown as { _readableState?: { ended?: boolean } } | undefined)
      ?._readableState;
    flag.value = state?.ended !== true;
  });
  raw.on("end", () => duplex.push(null));
  raw.on("error", (error) => duplex.destroy(error));
  raw.on("close", (hadError) => {
    // A clean close leaves queued data to be consumed; only a failed socket cuts it short.
    if (hadError && !duplex.destroyed) duplex.destroy();
  });
  return {
    duplex,
    attach(socket) {
      secure = socket;
      unclean.set(socket, flag);
    },
  };
}

/** True when a tracked TLS socket's peer closed TCP without sending close_notify first. */
export function endedWithoutCloseNotify(socket: net.Socket): boolean {
  return unclean.get(socket)?.value === true;
}
