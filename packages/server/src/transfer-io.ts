import type net from "node:net";
import { finished, type Readable, type Transform, type Writable } from "node:stream";
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

/** A chain of streams for {@link pump}: a source, transforms, a sink. */
type StreamChain = [Readable, ...Transform[], Writable];

/**
 * Pipes `streams` into each other and settles as `stream.pipeline` does: resolves once the
 * source ended and every later stream finished, rejects with the first error (a premature
 * close counts) or the signal's reason, destroying every stream. Unlike Node's `pipeline`
 * it creates no `AbortController` of its own (Node 20 aborts one without a reason when any
 * pipeline ends: a `DOMException` with a captured stack per transfer).
 */
export function pump(streams: StreamChain, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanups: Array<() => void> = [];
    let pending = streams.length;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      for (const stream of streams) if (!stream.destroyed) stream.destroy();
      reject(error);
    };
    const onAbort = () => fail(signal.reason);
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    const last = streams.length - 1;
    streams.forEach((stream, index) => {
      const cleanup = finished(stream, { readable: index < last, writable: index > 0 }, (error) => {
        if (error) {
          fail(error);
          return;
        }
        pending -= 1;
        if (pending > 0 || settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        for (const remove of cleanups) remove();
        resolve();
      });
      cleanups.push(cleanup);
    });
    for (let index = 0; index < last; index++)
      (streams[index] as Readable).pipe(streams[index + 1] as Writable);
  });
}

/**
 * Sends `source` over the data connection: ASCII conversion in TYPE A, throttling when a
 * limit applies, else a plain {@link pump} (the fast path). Ends the connection (FIN, or
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
  await pump([source, ...stages, socket], transfer.signal);
}

/**
 * Reads a (small) stream to its end into one `Buffer`, resolving at `end` (not at `close`,
 * which waits for the file to be closed). Rejects with the stream's error, or when it is
 * destroyed before its end.
 */
export function readWhole(source: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    source.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
    });
    source.once("end", () => {
      ended = true;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    source.once("error", reject);
    source.once("close", () => {
      if (!ended) reject(new Error("Read stream closed before its end"));
    });
  });
}

/**
 * Sends `data` as the whole content of the data connection with one `end(data)` (no streams,
 * no `pipeline`): resolves once it was flushed and the connection ended (FIN, or
 * close_notify under TLS); rejects on a socket error, a close before that, or the transfer's
 * abort (destroying the socket).
 */
export function sendBufferToPeer(
  transfer: Transfer,
  data: Buffer,
  socket: net.Socket,
): Promise<void> {
  const signal = transfer.signal;
  if (signal.aborted) return Promise.reject(signal.reason);
  if (socket.destroyed) return Promise.reject(new Error("Data connection closed before the end"));
  return new Promise((resolve, reject) => {
    const settle = (error?: unknown) => {
      signal.removeEventListener("abort", onAbort);
      socket.off("finish", onFinish);
      socket.off("error", settle);
      socket.off("close", onClose);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onFinish = () => settle();
    const onClose = () => settle(new Error("Data connection closed before the end"));
    const onAbort = () => {
      socket.destroy();
      settle(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("finish", onFinish);
    socket.once("error", settle);
    socket.once("close", onClose);
    transfer.bytes += data.length;
    socket.end(data);
  });
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
  await pump([socket, ...stages, target], transfer.signal);
  if (endedWithoutCloseNotify(socket)) throw new UncleanTlsCloseError();
}
