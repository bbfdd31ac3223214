import { Server, type ServerOptions, User } from "@ftp/server";
import { generateCertificate } from "@ftp/test-utils";
import { type TempDir, tempDir } from "./files.js";

export const USER = "alice";
export const PASSWORD = "secret";

/** @ftp/server serving a temporary directory on disk to `alice`/`secret`. */
export interface OurServer {
  host: string;
  port: number;
  /** The directory shown to the user as `/`. */
  root: TempDir;
  /** PEM certificate the server presents for explicit FTPS (to trust as a CA). */
  cert: string;
  close(): Promise<void>;
}

/**
 * Starts @ftp/server on `host` (port 0) with explicit FTPS available (AUTH TLS, not required)
 * and short timeouts.
 */
export async function startOurServer(
  host: string,
  options: ServerOptions = {},
): Promise<OurServer> {
  const root = await tempDir("server-root");
  const { key, cert } = await generateCertificate();
  const server = new Server({
    users: [new User({ login: USER, password: PASSWORD, basePath: root.path })],
    tls: { key, cert },
    loginFailureDelay: 0,
    waitFutureTimeout: 3000,
    socketTimeout: 5000,
    ...options,
  });
  try {
    const address = await server.start({ host, port: 0 });
    return {
      host,
      port: address.port,
      root,
      cert,
      close: async () => {
        await server.close({ timeout: 500 });
        await root.remove();
      },
    };
  } catch (error) {
    await root.remove();
    throw error;
  }
}

/** A value started on first use and closed once at the end (if it was ever started). */
export interface Lazy<T> {
  get(): Promise<T>;
  close(): Promise<void>;
}

export function lazy<T extends { close(): Promise<void> }>(start: () => Promise<T>): Lazy<T> {
  let started: Promise<T> | undefined;
  return {
    get: () => {
      started ??= start();
      return started;
    },
    close: async () => {
      if (!started) return;
      const value = await started.catch(() => undefined);
      await value?.close();
    },
  };
}
