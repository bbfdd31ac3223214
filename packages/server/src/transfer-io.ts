import type net from "node:net";
import type { Readable, Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fromNetworkAscii, toNetworkAscii } from "./ascii.js";
import type { Session } from "./session.js";
import { throttleTransform } from "./throttle-transform.js";
import { endedWithoutCloseNotify } from "./tls-close-tracker.js";
import type { Transfer } from "./transfer.js";

/** The data connection ended without a TLS close_notify: the upload may be truncated. */
export class UncleanTlsCloseError extends Error {
  constructor() {
    super("TLS data connection closed without close_notify");
    this.name = "UncleanTlsCloseError";
  }
}

/**
 * Sends `source` over the data connection: ASCII conversion in TYPE A, throttling when a
 * limit applies, else a plain `pipeline` (the fast path). Ends the connection (FIN, or
 * close_notify under TLS) once everything was written.
 */
export async function sendToPeer(
  session: Session,
  transfer: Transfer,
  source: Readable,
  socket: net.Socket,
  options: { ascii?: boolean } = {},
): Promise<void> {
  const stages: Transform[] = [];
  if (options.ascii) stages.push(toNetworkAscii());
  if (session.throttled("write"))
    stages.push(
      throttleTransform(
        session.throttles,
        "write",
        transfer.signal,
        session.server.options.blockSize,
      ),
    );
  const counted = stages.at(-1) ?? source;
  counted.on("data", (chunk: Buffer) => {
    transfer.bytes += chunk.length;
  });
  await pipeline([source, ...stages, socket], { signal: transfer.signal });
}

/**
 * Receives the data connection into `target`: ASCII conversion in TYPE A, throttling when a
 * limit applies. Resolves only when the peer closed the connection cleanly (FIN; under TLS
 * also a close_notify) and the target flushed everything.
 */
export async function receiveFromPeer(
  session: Session,
  transfer: Transfer,
  socket: net.Socket,
  target: Writable,
  options: { ascii?: boolean } = {},
): Promise<void> {
  const stages: Transform[] = [];
  if (session.throttled("read"))
    stages.push(
      throttleTransform(
        session.throttles,
        "read",
        transfer.signal,
        session.server.options.blockSize,
      ),
    );
  if (options.ascii) stages.push(fromNetworkAscii());
  socket.on("data", (chunk: Buffer) => {
    transfer.bytes += chunk.length;
  });
  await pipeline([socket, ...stages, target], { signal: transfer.signal });
  if (endedWithoutCloseNotify(socket)) throw new UncleanTlsCloseError();
}
