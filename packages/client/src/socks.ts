import type net from "node:net";
import { FtpError } from "@ftp/protocol";

/** A SOCKS proxy both the control and the (passive) data connections go through. */
export interface SocksOptions {
  /** Proxy host. */
  host: string;
  /** Proxy port (often 1080). */
  port: number;
  /** SOCKS version: 4 or 5 (default 5). */
  type?: 4 | 5;
  /** User name (SOCKS5) or user id (SOCKS4). */
  userId?: string;
  /** Password (SOCKS5 only). */
  password?: string;
}

interface SocksModule {
  SocksClient: {
    createConnection(options: {
      proxy: { host: string; port: number; type: 4 | 5; userId?: string; password?: string };
      command: "connect";
      destination: { host: string; port: number };
      timeout?: number;
      set_tcp_nodelay?: boolean;
    }): Promise<{ socket: net.Socket }>;
  };
}

/** The optional peer dependency is missing. */
export class SocksUnavailableError extends FtpError {
  constructor(cause: unknown) {
    super(
      "ERR_FTP_SOCKS_UNAVAILABLE",
      'SOCKS proxies need the optional peer dependency "socks" (npm install socks)',
      { cause },
    );
  }
}

let loaded: Promise<SocksModule> | undefined;

function loadSocks(): Promise<SocksModule> {
  const name = "socks";
  loaded ??= (import(name) as Promise<SocksModule>).catch((error: unknown) => {
    loaded = undefined;
    throw new SocksUnavailableError(error);
  });
  return loaded;
}

/** Opens a TCP connection to `host:port` through the SOCKS proxy. */
export async function connectThroughSocks(
  options: SocksOptions,
  host: string,
  port: number,
  signal?: AbortSignal,
): Promise<net.Socket> {
  const { SocksClient } = await loadSocks();
  signal?.throwIfAborted();
  const proxy: { host: string; port: number; type: 4 | 5; userId?: string; password?: string } = {
    host: options.host,
    port: options.port,
    type: options.type ?? 5,
  };
  if (options.userId !== undefined) proxy.userId = options.userId;
  if (options.password !== undefined) proxy.password = options.password;
  const { socket } = await SocksClient.createConnection({
    proxy,
    command: "connect",
    destination: { host, port },
    set_tcp_nodelay: true,
  });
  if (signal?.aborted) {
    socket.destroy();
    signal.throwIfAborted();
  }
  return socket;
}
