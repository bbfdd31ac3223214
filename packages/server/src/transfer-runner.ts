import type net from "node:net";
import { debuglog } from "node:util";
import { DataConnectionError } from "./data-channel.js";
import { ReplyError } from "./reply-error.js";
import { isPathIOError, replyForError } from "./reply-for-error.js";
import type { Session } from "./session.js";
import { closeNotifyTracking } from "./tls-close-tracker.js";
import { type Transfer, TransferAbortedError } from "./transfer.js";

const debug = debuglog("ftp");
/** How long a finished data connection may stay half-closed before it is destroyed. */
const LINGER_MS = 5000;

/**
 * Runs a transfer in the background: replies 150, waits for the data connection (TLS when
 * PROT P), runs the body, closes the data connection gracefully and replies 226 — or 425
 * (no data connection), 426 (aborted, reset, unclean TLS close) or the backend error's reply.
 * `onEnd` runs last, after the final reply was written.
 */
export async function runTransfer(
  session: Session,
  transfer: Transfer,
  onEnd: () => void,
): Promise<void> {
  const spec = transfer.spec;
  const base = {
    sessionId: session.id,
    command: spec.command,
    path: spec.path,
    direction: spec.direction,
    offset: spec.offset,
  };
  let completed = false;
  let cleanupStarted = false;
  let lingering = false;
  let socket: net.Socket | undefined;
  try {
    await session.reply(150, spec.preliminary);
    session.server.emit("transferStart", base);
    const raw = await session.data.acquire({
      timeout: session.server.options.waitFutureTimeout,
      signal: transfer.signal,
    });
    socket = raw;
    if (session.state.protection === "P")
      socket = await secureData(session, raw, transfer.signal, spec.direction === "upload");
    socket.setTimeout(session.server.options.socketTimeout, () =>
      socket?.destroy(new DataConnectionError("timeout", "Data connection idle")),
    );
    transfer.connected = true;
    await spec.body(socket, transfer);
    if (transfer.signal.aborted) throw transfer.signal.reason;
    finishDataSocket(socket);
    lingering = true;
    cleanupStarted = true;
    await spec.cleanup?.(true);
    completed = true;
    await session.reply(226, spec.success ?? "Transfer complete.");
  } catch (error) {
    socket?.destroy();
    if (!cleanupStarted) {
      try {
        await spec.cleanup?.(false);
      } catch (cleanupError) {
        debug("session %d cleanup error: %s", session.id, String(cleanupError));
      }
    }
    await replyTransferError(session, error, transfer);
    completed = false;
  } finally {
    if (!lingering) socket?.destroy();
    session.server.emit("transferEnd", {
      ...base,
      bytes: transfer.bytes,
      completed,
      duration: Date.now() - transfer.startedAt,
    });
    transfer.finish();
    onEnd();
  }
}

async function replyTransferError(
  session: Session,
  error: unknown,
  transfer: Transfer,
): Promise<void> {
  if (transfer.signal.aborted || error instanceof TransferAbortedError) {
    await session.reply(426, "Connection closed; transfer aborted.");
    return;
  }
  if (error instanceof ReplyError) {
    await session.reply(error.replyCode, error.text);
    return;
  }
  if (error instanceof DataConnectionError && !transfer.connected) {
    await session.reply(425, "Can't open data connection.");
    return;
  }
  if (isPathIOError(error) || (error as { code?: string } | null)?.code === "ENOSPC") {
    const safe = replyForError(error);
    await session.reply(safe.code, safe.text);
    return;
  }
  debug("session %d transfer failed: %s", session.id, String(error));
  await session.reply(426, "Connection closed; transfer aborted.");
}

async function secureData(
  session: Session,
  raw: net.Socket,
  signal: AbortSignal,
  upload: boolean,
): Promise<net.Socket> {
  const factory = session.server.tlsSockets;
  if (factory === undefined) throw new DataConnectionError("tls", "TLS not configured");
  // Uploads need to know whether the peer closed TLS properly (see tls-close-tracker).
  const tracking = upload ? closeNotifyTracking(raw) : undefined;
  const secure = factory.wrap(tracking?.duplex ?? raw);
  tracking?.attach(secure);
  secure.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    const finish = (error?: unknown) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      secure.off("secure", onSecure);
      secure.off("error", onError);
      secure.off("close", onClose);
      if (error === undefined) resolve();
      else {
        secure.destroy();
        reject(error);
      }
    };
    const onSecure = () => finish();
    const onError = (error: Error) =>
      finish(new DataConnectionError("tls", "TLS handshake failed", { cause: error }));
    const onClose = () => finish(new DataConnectionError("tls", "Closed during TLS handshake"));
    const onAbort = () => finish(signal.reason);
    const timer = setTimeout(
      () => finish(new DataConnectionError("tls", "TLS handshake timed out")),
      session.server.options.tlsHandshakeTimeout,
    );
    secure.once("secure", onSecure);
    secure.once("error", onError);
    secure.once("close", onClose);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  if (session.server.options.requireTlsSessionReuse && !secure.isSessionReused()) {
    secure.destroy();
    throw new ReplyError(
      425,
      "TLS session of the data connection must resume the control session.",
    );
  }
  return secure;
}

/**
 * Ends a data connection gracefully — FIN, or TLS close_notify (a TLS peer that waits for
 * ours, as Python's ftplib does, would otherwise fail) — without waiting for the peer: the
 * final reply goes out at once, and a peer that never closes its side is cut off later.
 */
function finishDataSocket(socket: net.Socket): void {
  if (socket.destroyed) return;
  if (!socket.writableEnded) socket.end();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
  socket.once("close", () => clearTimeout(timer));
}
