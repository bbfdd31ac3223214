import net from "node:net";
import tls from "node:tls";
import { ConnectionClosedError, FtpAbortError, FtpTimeoutError } from "./errors.js";

/** Options of {@link connectSocket}. */
export interface ConnectOptions {
  host: string;
  port: number;
  /** Connect timeout in milliseconds (`FtpTimeoutError`, phase `"connect"`). */
  timeout?: number | undefined;
  signal?: AbortSignal | undefined;
  localAddress?: string | undefined;
  localPort?: number | undefined;
  family?: 4 | 6 | undefined;
}

function settle<T extends net.Socket>(
  socket: T,
  readyEvent: string,
  timeout: number | undefined,
  signal: AbortSignal | undefined,
  phase: "connect" | "tls",
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.off(readyEvent, onReady);
      socket.off("error", onError);
      socket.off("close", onClose);
    };
    const fail = (error: Error) => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onReady = () => {
      cleanup();
      socket.setNoDelay(true);
      resolve(socket);
    };
    const onError = (error: Error) => fail(error);
    const onClose = () => fail(new ConnectionClosedError("Connection closed while connecting"));
    const onAbort = () => fail(new FtpAbortError(signal?.reason));
    if (signal?.aborted) return onAbort();
    if (timeout !== undefined) {
      timer = setTimeout(() => fail(new FtpTimeoutError(phase, timeout)), timeout);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.once(readyEvent, onReady);
    socket.once("error", onError);
    socket.once("close", onClose);
  });
}

/**
 * Opens a TCP connection with a connect timeout and an `AbortSignal`; Nagle is disabled
 * (FTP sends small command/reply lines). On failure the socket is destroyed.
 */
export function connectSocket(options: ConnectOptions): Promise<net.Socket> {
  const socket = net.connect({
    host: options.host,
    port: options.port,
    ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}),
    ...(options.localPort !== undefined ? { localPort: options.localPort } : {}),
    ...(options.family !== undefined ? { family: options.family } : {}),
  });
  return settle(socket, "connect", options.timeout, options.signal, "connect");
}

/**
 * Opens a TLS connection (implicit FTPS, or a TLS data connection), resolving after the
 * handshake; `timeout` covers connect and handshake (`FtpTimeoutError`, phase `"tls"`).
 */
export function connectTls(
  options: tls.ConnectionOptions & { timeout?: number; signal?: AbortSignal },
): Promise<tls.TLSSocket> {
  const { timeout, signal, ...rest } = options;
  const socket = tls.connect(rest);
  return settle(socket, "secureConnect", timeout, signal, "tls");
}
