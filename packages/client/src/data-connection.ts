import net from "node:net";
import type tls from "node:tls";
import { connectTcp, startTlsClient } from "./connect.js";
import { withDeadline } from "./deadline.js";
import { closedError } from "./errors.js";
import { SocketReader } from "./socket-reader.js";
import type { SocksOptions } from "./socks.js";

/** A data connection being set up: connected (passive) or waiting for the server (active). */
export interface PendingData {
  /** Resolves with the ready socket (TLS handshake done when protected). */
  establish(signal?: AbortSignal): Promise<net.Socket>;
  /** Frees the socket or listener when the transfer did not start. */
  close(): void;
  /** Set when the socket delivers its data to this reader (`onread`) instead of `data` events. */
  reader?: SocketReader | undefined;
}

/** TLS settings for protected data connections. */
export interface DataTls {
  options: tls.ConnectionOptions;
  /** The control connection's newest session, resumed by every data connection. */
  session: () => Buffer | undefined;
}

/** Settings shared by passive and active data connections. */
export interface DataSettings {
  timeout: number | undefined;
  handshakeTimeout: number | undefined;
  tls: DataTls | undefined;
  socks?: SocksOptions | undefined;
}

function tlsOptionsFor(settings: DataTls): tls.ConnectionOptions {
  const options: tls.ConnectionOptions = { ...settings.options };
  const session = settings.session();
  if (session) options.session = session;
  return options;
}

async function secure(
  socket: net.Socket,
  settings: DataSettings,
  signal: AbortSignal | undefined,
): Promise<net.Socket> {
  if (!settings.tls) return socket;
  const { socket: secured, ready } = startTlsClient(socket, tlsOptionsFor(settings.tls));
  try {
    await withDeadline(ready, {
      timeout: settings.handshakeTimeout,
      phase: "tls",
      what: "TLS handshake (data connection)",
      signal,
    });
  } catch (error) {
    secured.destroy();
    throw error;
  }
  return secured;
}

/**
 * Connects to the server's passive port. Under TLS the handshake starts in `establish`, after
 * the transfer command was accepted (as ftplib does): servers such as pyftpdlib only wrap the
 * data socket once they know the transfer, and reset a ClientHello that arrives earlier.
 */
export async function connectPassive(
  host: string,
  port: number,
  settings: DataSettings,
  signal: AbortSignal | undefined,
  mode: "read" | "write" = "write",
): Promise<PendingData> {
  // downloads over plain TCP read straight into a large buffer (see SocketReader)
  const reader =
    mode === "read" && !settings.tls && !settings.socks ? new SocketReader() : undefined;
  const socket = await connectTcp({
    host,
    port,
    timeout: settings.timeout,
    signal,
    phase: "data-connect",
    socks: settings.socks,
    onread: reader?.onread,
  });
  return {
    reader,
    establish: (establishSignal) => secure(socket, settings, establishSignal),
    close: () => {
      socket.destroy();
    },
  };
}

/** Strips the IPv4-mapped prefix so addresses compare equal. */
export function plainAddress(address: string | undefined): string {
  if (!address) return "";
  return address.startsWith("::ffff:") && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
}

/** Listens for the server's active-mode connection on `address`, a port from `range` or any. */
export async function listenActive(
  address: string,
  range: readonly [number, number] | undefined,
  expectedPeer: string,
  settings: DataSettings,
): Promise<PendingData & { port: number }> {
  const server = net.createServer({ noDelay: true, pauseOnConnect: true });
  const listenOn = (port: number) =>
    new Promise<boolean>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        if (error.code === "EADDRINUSE" || error.code === "EACCES") resolve(false);
        else reject(error);
      };
      server.once("error", onError);
      server.listen({ host: address, port, exclusive: true }, () => {
        server.off("error", onError);
        resolve(true);
      });
    });
  let listening = false;
  if (range) {
    const [min, max] = range;
    const span = max - min + 1;
    const first = Math.floor(Math.random() * span);
    for (let i = 0; i < span && !listening; i++)
      listening = await listenOn(min + ((first + i) % span));
    if (!listening) throw closedError(`no free port for active mode in ${min}-${max}`);
  } else {
    listening = await listenOn(0);
  }
  const { port } = server.address() as net.AddressInfo;
  const accepted = new Promise<net.Socket>((resolve) => {
    server.on("connection", (socket) => {
      if (plainAddress(socket.remoteAddress) !== plainAddress(expectedPeer)) {
        // RFC 2577: only the server may connect to our data port
        socket.destroy();
        return;
      }
      server.close();
      resolve(socket);
    });
  });
  return {
    port,
    establish: async (signal) => {
      let socket: net.Socket;
      try {
        socket = await withDeadline(accepted, {
          timeout: settings.timeout,
          phase: "data-connect",
          what: "waiting for the server's active-mode data connection",
          signal,
        });
      } finally {
        server.close();
      }
      return secure(socket, settings, signal);
    },
    close: () => {
      server.close();
      accepted.then((socket) => socket.destroy()).catch(() => {});
    },
  };
}
