import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import path from "node:path";
import { AsyncPathIO, MemoryPathIO } from "@ftp/pathio";
import { Permission, Server, type ServerOptions, User } from "@ftp/server";
import type { Certificate } from "./make-certificate.js";

/** Options of {@link startEmbeddedServer}. */
export interface EmbeddedServerOptions {
  /** Serve this local directory; default: a fresh in-memory tree. */
  root?: string;
  /** Address to listen on. Default `127.0.0.1` (this machine only). */
  host?: string;
  /** Port; default 0 (a free one). */
  port?: number;
  /** Login name. Default `demo`. Ignored with `anonymous`. */
  user?: string;
  /** Password. Default: a random one, generated now. */
  password?: string;
  /** Let anyone in without a password instead of one user. */
  anonymous?: boolean;
  /** Refuse every change (uploads, deletes, renames, new directories). */
  readOnly?: boolean;
  /** Key and certificate: enables explicit FTPS (AUTH TLS), or implicit with `implicitTls`. */
  tls?: Certificate;
  /** TLS from the first byte (`ftps://`) instead of AUTH TLS. */
  implicitTls?: boolean;
  /** Extra server options (limits, events, ...). */
  serverOptions?: ServerOptions;
}

/** A running server and how to reach it. */
export interface EmbeddedServer {
  /** The `@ftp/server` itself (events, `connectionCount`, ...). */
  readonly server: Server;
  /** The address it listens on. */
  readonly host: string;
  /** The port it listens on. */
  readonly port: number;
  /** Login name; `anonymous` for an anonymous server. */
  readonly user: string;
  /** Password; empty for an anonymous server. */
  readonly password: string;
  /** What is served: `"memory"` or the absolute directory. */
  readonly root: string;
  /** `ftp://user:password@host:port/` (`ftps://` for implicit TLS). */
  readonly url: string;
  /** Stops the server (running transfers get up to one second). */
  close(): Promise<void>;
}

/** A random password that needs no escaping in a URL or a shell. */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}

/** `host` as it goes into a URL (`[::1]` for IPv6). */
export function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * Starts an `@ftp/server` for the demo and `ftp serve`: one user with a generated password
 * (or anonymous), in memory or over a local directory, plain FTP plus explicit FTPS when a
 * certificate is given, on loopback by default.
 */
export async function startEmbeddedServer(
  options: EmbeddedServerOptions = {},
): Promise<EmbeddedServer> {
  let root = "memory";
  if (options.root !== undefined) {
    root = path.resolve(options.root);
    const info = await stat(root).catch((error: unknown) => {
      throw new Error(`cannot serve ${root}: ${(error as Error).message}`, { cause: error });
    });
    if (!info.isDirectory()) throw new Error(`cannot serve ${root}: not a directory`);
  }
  const anonymous = options.anonymous ?? false;
  const login = anonymous ? "anonymous" : (options.user ?? "demo");
  const password = anonymous ? "" : (options.password ?? generatePassword());
  const permissions = [new Permission("/", { writable: !(options.readOnly ?? false) })];
  const user = new User({
    ...(anonymous ? {} : { login, password }),
    ...(options.root !== undefined ? { basePath: root } : {}),
    permissions,
  });
  const server = new Server({
    ...options.serverOptions,
    users: [user],
    pathIoFactory: options.root !== undefined ? () => new AsyncPathIO() : MemoryPathIO.factory(),
    ...(options.tls
      ? {
          tls: {
            key: options.tls.key,
            cert: options.tls.cert,
            implicit: options.implicitTls ?? false,
          },
        }
      : {}),
  });
  const address = await server.start({
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
  });
  const scheme = options.tls && options.implicitTls ? "ftps" : "ftp";
  const credentials = anonymous
    ? ""
    : `${encodeURIComponent(login)}:${encodeURIComponent(password)}@`;
  return {
    server,
    host: address.host,
    port: address.port,
    user: login,
    password,
    root,
    url: `${scheme}://${credentials}${urlHost(address.host)}:${address.port}/`,
    close: () => server.close({ timeout: 1000 }),
  };
}
