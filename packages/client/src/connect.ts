import net from "node:net";
import tls from "node:tls";
import { withDeadline } from "./deadline.js";
import type { ClientTimeoutPhase } from "./errors.js";
import { connectThroughSocks, type SocksOptions } from "./socks.js";

/** What a TCP connection attempt needs. */
export interface ConnectRequest {
  host: string;
  port: number;
  timeout?: number | undefined;
  signal?: AbortSignal | undefined;
  phase: ClientTimeoutPhase;
  socks?: SocksOptions | undefined;
  /** Plain TCP only: `net.connect`'s `onread` (reads into a caller-owned buffer). */
  onread?: net.OnReadOpts | undefined;
}

/** Opens a TCP connection (through a SOCKS proxy when configured), Nagle off. */
export async function connectTcp(request: ConnectRequest): Promise<net.Socket> {
  if (request.socks) {
    const socket = await withDeadline(
      connectThroughSocks(request.socks, request.host, request.port, request.signal),
      {
        timeout: request.timeout,
        phase: request.phase,
        what: `connecting to ${request.host}:${request.port} through SOCKS`,
        signal: request.signal,
      },
    );
    socket.setNoDelay(true);
    return socket;
  }
  const socket = net.connect({
    host: request.host,
    port: request.port,
    noDelay: true,
    ...(request.onread ? { onread: request.onread } : {}),
  });
  const connected = new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  try {
    await withDeadline(connected, {
      timeout: request.timeout,
      phase: request.phase,
      what: `connecting to ${request.host}:${request.port}`,
      signal: request.signal,
    });
  } catch (error) {
    socket.destroy();
    throw error;
  }
  // errors after this point surface through whoever reads the socket (close without end)
  socket.removeAllListeners("error");
  socket.on("error", () => {});
  return socket;
}

/**
 * Starts a TLS client session over a connected socket. The returned promise settles when the
 * handshake completes; the socket is usable (writes are buffered) before that.
 */
export function startTlsClient(
  socket: net.Socket,
  options: tls.ConnectionOptions,
): { socket: tls.TLSSocket; ready: Promise<void> } {
  const secure = tls.connect({ ...options, socket });
  const ready = new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    secure.once("error", onError);
    secure.once("secureConnect", () => {
      secure.off("error", onError);
      resolve();
    });
  });
  ready.catch(() => {});
  return { socket: secure, ready };
}

/** `servername` for SNI and certificate checks: only a host name, never an IP literal. */
export function serverNameFor(host: string): string | undefined {
  return net.isIP(host) === 0 ? host : undefined;
}
