import type { SecureContextOptions } from "node:tls";
import type { AbstractPathIO } from "@ftp/pathio";
import type { CommandDefinition } from "./command.js";
import type { User } from "./user.js";
import type { AbstractUserManager } from "./user-manager.js";

/** TLS settings: a key and certificate (and any other `tls.SecureContextOptions`). */
export type ServerTlsOptions = SecureContextOptions & {
  /** Implicit FTPS: TLS from the first byte on the control listener (port 990 style). */
  implicit?: boolean;
};

/** Options of {@link Server}; all optional. Times in milliseconds, speeds in bytes/s. */
export interface ServerOptions {
  /** Users, or a user manager. Default: one anonymous user with full access. */
  users?: readonly User[] | AbstractUserManager;
  /**
   * Makes the file-system backend of each session. Default: `() => new AsyncPathIO()`.
   * `MemoryPathIO.factory()` gives every session one shared in-memory tree.
   */
  pathIoFactory?: () => AbstractPathIO;
  /** Chunk size for file reads on downloads (and throttled socket reads). Default 65536. */
  blockSize?: number;
  /** Data connections idle longer than this fail the transfer (`426`). Default 60000. */
  socketTimeout?: number;
  /** A control connection without a command for this long gets `421` and is closed. Default 300000. */
  idleTimeout?: number;
  /** How long a transfer waits for its data connection before `425`. Default 10000. */
  waitFutureTimeout?: number;
  /** Each backend operation fails (451) after this long. Default none. */
  pathTimeout?: number;
  /** Simultaneous control connections; more get `421` at connect. Default unlimited. */
  maximumConnections?: number;
  /** Simultaneous control connections per client IP; more get `421`. Default unlimited. */
  maximumConnectionsPerIp?: number;
  /** Server-wide upload speed (bytes the server reads), all sessions together. */
  readSpeedLimit?: number;
  /** Server-wide download speed (bytes the server writes), all sessions together. */
  writeSpeedLimit?: number;
  /** Upload speed per session. */
  readSpeedLimitPerConnection?: number;
  /** Download speed per session. */
  writeSpeedLimitPerConnection?: number;
  /** IPv4 address put in PASV replies instead of the local one (NAT). EPSV is unaffected. */
  ipv4PasvForcedResponseAddress?: string;
  /** Ports for passive listeners: a list, or `{ min, max }`. Default: any free port. */
  dataPorts?: Iterable<number> | { min: number; max: number };
  /** Accept data connections from a different address than the control peer. Default false. */
  allowForeignDataPeers?: boolean;
  /** Allow PORT/EPRT to ports below 1024. Default false (RFC 2577). */
  allowPrivilegedDataPorts?: boolean;
  /** Control channel and listing encoding. Default `"utf8"`. */
  encoding?: "utf8" | "latin1";
  /** Decode command lines that are not valid UTF-8 as latin1 instead of answering 501. Default false. */
  latin1Fallback?: boolean;
  /** Longest command line in bytes; longer ones get `500` and are discarded. Default 4096. */
  maxLineLength?: number;
  /** Failed logins per connection before `421` and disconnect. Default 3. */
  maxLoginAttempts?: number;
  /** Delay before a `530` for a failed login, multiplied by the attempt number. Default 1000. */
  loginFailureDelay?: number;
  /**
   * Uploads (STOR/STOU without REST) go to a temporary name in the target directory and
   * are renamed over the target only when the transfer completed. Default false: data is
   * written in place (a failed upload is answered 426/451, never 226, and what arrived is
   * kept, so REST/APPE can resume it).
   */
  atomicUploads?: boolean;
  /** TLS key/cert: enables AUTH TLS (explicit FTPS), or implicit FTPS with `implicit: true`. */
  tls?: ServerTlsOptions;
  /** Alias of {@link ServerOptions.tls} (aioftp's name). */
  ssl?: ServerTlsOptions;
  /** Refuse USER/PASS until the control connection uses TLS. Default false. */
  requireTlsForLogin?: boolean;
  /** Refuse transfers unless PROT P is in force. Default false. */
  requireTlsForData?: boolean;
  /**
   * Refuse TLS data connections that do not resume a TLS session issued by this server
   * (vsftpd's `require_ssl_reuse`). Default false (Python's ftplib cannot resume sessions).
   */
  requireTlsSessionReuse?: boolean;
  /** TLS handshake timeout. Default 10000. */
  tlsHandshakeTimeout?: number;
  /** Text of the `220` greeting (one or more lines). Default `"Welcome to @ftp/server."`. */
  welcomeMessage?: string | readonly string[];
  /** Extra commands, added to (or replacing) the built-in ones. */
  commands?: readonly CommandDefinition[];
}

/** Default values of the numeric options. */
export const SERVER_DEFAULTS = {
  blockSize: 65536,
  socketTimeout: 60_000,
  idleTimeout: 300_000,
  waitFutureTimeout: 10_000,
  maxLineLength: 4096,
  maxLoginAttempts: 3,
  loginFailureDelay: 1000,
  tlsHandshakeTimeout: 10_000,
  welcomeMessage: "Welcome to @ftp/server.",
} as const;

const POSITIVE = [
  "blockSize",
  "socketTimeout",
  "idleTimeout",
  "waitFutureTimeout",
  "pathTimeout",
  "maximumConnections",
  "maximumConnectionsPerIp",
  "readSpeedLimit",
  "writeSpeedLimit",
  "readSpeedLimitPerConnection",
  "writeSpeedLimitPerConnection",
  "maxLineLength",
  "maxLoginAttempts",
  "tlsHandshakeTimeout",
] as const;

/** Validates options at construction; throws `RangeError`/`TypeError` naming the option. */
export function validateOptions(options: ServerOptions): void {
  for (const name of POSITIVE) {
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
      throw new RangeError(`Option ${name} must be a positive number (got ${String(value)})`);
  }
  if (
    options.loginFailureDelay !== undefined &&
    (!Number.isFinite(options.loginFailureDelay) || options.loginFailureDelay < 0)
  )
    throw new RangeError("Option loginFailureDelay must be >= 0");
  if (options.tls !== undefined && options.ssl !== undefined)
    throw new TypeError("Give either tls or ssl, not both");
  const needsTls =
    options.requireTlsForLogin || options.requireTlsForData || options.requireTlsSessionReuse;
  if (needsTls && options.tls === undefined && options.ssl === undefined)
    throw new TypeError("requireTls* options need the tls option");
}
