import net from "node:net";
import tls from "node:tls";
import { awaitSocketEvent } from "./socket-event.js";

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

async function settle<T extends net.Socket>(
  socket: T,
  readyEvent: string,
  timeout: number | undefined,
  signal: AbortSignal | undefined,
  phase: "connect" | "tls",
): Promise<T> {
  if (timeout !== undefined && !(timeout > 0 && Number.isFinite(timeout))) {
    socket.destroy();
    throw new RangeError(`timeout must be a positive number of milliseconds, got ${timeout}`);
  }
  await awaitSocketEvent(socket, readyEvent, {
    timeout,
    signal,
    phase,
    closedMessage: "Connection closed while connecting",
    onFail: (error) => {
      socket.destroy();
      return error;
    },
  });
  socket.setNoDelay(true);
  return socket;
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
