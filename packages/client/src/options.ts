import type tls from "node:tls";
import type { AbstractPathIO } from "@ftp/pathio";
import type { ListEntry, ListParser } from "@ftp/protocol";
import {
  DEFAULT_CONNECTION_TIMEOUT,
  DEFAULT_MAX_LISTING_SIZE,
  DEFAULT_PROGRESS_INTERVAL,
  DEFAULT_SOCKET_TIMEOUT,
} from "./constants.js";
import type { ControlEncoding } from "./control-connection.js";
import type { ProgressListener } from "./progress.js";
import type { SocksOptions } from "./socks.js";

/** Passive-mode commands, tried in the order given. */
export type PassiveCommand = "epsv" | "pasv";
/** Active-mode commands, tried in the order given. */
export type ActiveCommand = "eprt" | "port";

/** Options of `new Client(options)`. Times in milliseconds, speeds in bytes per second. */
export interface ClientOptions {
  /** Default for `replyTimeout` and `idleTimeout` (ms). Default 60 000; 0 = none. */
  socketTimeout?: number;
  /** Opening the control connection and reading the greeting (ms). Default 30 000; 0 = none. */
  connectionTimeout?: number;
  /** Opening a data connection (passive connect or waiting for the active one). Default: `connectionTimeout`. */
  dataConnectionTimeout?: number;
  /** Waiting for one reply on the control connection (ms). Default: `socketTimeout`. */
  replyTimeout?: number;
  /** A data connection without progress (ms). Default: `socketTimeout`. */
  idleTimeout?: number;
  /** Each local file-system call in upload/download (ms). Default: none. */
  pathTimeout?: number;
  /** Download speed limit for this client's data connections (bytes/s). */
  readSpeedLimit?: number;
  /** Upload speed limit for this client's data connections (bytes/s). */
  writeSpeedLimit?: number;
  /** Local file system used by `upload`/`download`. Default: `new AsyncPathIO()`. */
  pathIoFactory?: () => AbstractPathIO;
  /**
   * Text encoding of commands, replies and listings. Default `"utf8"`: reply and listing
   * lines that are not valid UTF-8 are read as latin1 instead of failing. `"latin1"` keeps
   * every byte, also in commands.
   */
  encoding?: ControlEncoding;
  /** Implicit FTPS: TLS from the first byte (`true` or `node:tls` options). Default off. */
  ssl?: boolean | tls.ConnectionOptions;
  /** Data channel protection after `upgradeToTls`: `"private"` (PROT P, default) or `"clear"` (PROT C). */
  dataProtection?: "private" | "clear";
  /** Passive commands to try, in order. Default `["epsv", "pasv"]`. `[]` selects active mode. */
  passiveCommands?: readonly PassiveCommand[];
  /** Active commands to try when `passiveCommands` is empty, e.g. `["eprt", "port"]`. Default `[]`. */
  activeCommands?: readonly ActiveCommand[];
  /** Address announced in PORT/EPRT. Default: the control connection's local address. */
  activeAddress?: string;
  /** Ports to listen on in active mode, inclusive. Default: any free port. */
  activePortRange?: readonly [number, number];
  /**
   * When a PASV reply names an address other than the control connection's peer (a private
   * or unroutable address behind NAT, `0.0.0.0`, or a bounce attempt), connect to the control
   * host instead. Default `true`; `false` uses the address as sent (except `0.0.0.0`).
   */
  passiveHostFallback?: boolean;
  /** An extra LIST parser, tried before (default) or after the built-in ones. */
  parseListLineCustom?: ListParser | ((line: string) => ListEntry);
  /** Try `parseListLineCustom` first (default `true`) or last. */
  parseListLineCustomFirst?: boolean;
  /** Send control and passive data connections through a SOCKS4/5 proxy (needs the `socks` package). */
  socks?: SocksOptions;
  /** Send NOOP every this many ms on the control connection while a transfer runs. Default off. */
  keepAliveInterval?: number;
  /**
   * Once passive mode has worked on a connection, send EPSV/PASV and the transfer command
   * (RETR, STOR, LIST...) in one write instead of waiting for the passive reply first: one
   * round trip less per transfer, which adds up over many small files or a distant server.
   * Transfers with an offset (REST) are not pipelined. Servers handle pipelined commands in
   * order as RFC 959 requires, but a few servers and middleboxes mishandle them, hence off by
   * default. If the data connection then cannot be opened, the server may hold the control
   * connection until its own data-connection timeout. Default `false`.
   */
  pipelining?: boolean;
  /** Largest directory listing kept in memory (bytes). Default 64 MiB. */
  maxListingSize?: number;
  /** Minimum interval (ms) between progress events of one transfer. Default 100. */
  progressInterval?: number;
  /** Called with the progress of every transfer (like the `progress` event). */
  onProgress?: ProgressListener;
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  connectionTimeout: number | undefined;
  dataConnectionTimeout: number | undefined;
  replyTimeout: number | undefined;
  idleTimeout: number | undefined;
  pathTimeout: number | undefined;
  readSpeedLimit: number | undefined;
  writeSpeedLimit: number | undefined;
  pathIoFactory: (() => AbstractPathIO) | undefined;
  encoding: ControlEncoding;
  ssl: tls.ConnectionOptions | undefined;
  dataProtection: "private" | "clear";
  passiveCommands: readonly PassiveCommand[];
  activeCommands: readonly ActiveCommand[];
  activeAddress: string | undefined;
  activePortRange: readonly [number, number] | undefined;
  passiveHostFallback: boolean;
  parseListLineCustom: ListParser | ((line: string) => ListEntry) | undefined;
  parseListLineCustomFirst: boolean;
  socks: SocksOptions | undefined;
  keepAliveInterval: number | undefined;
  pipelining: boolean;
  maxListingSize: number;
  progressInterval: number;
  onProgress: ProgressListener | undefined;
}

function duration(name: string, value: number | undefined, fallback: number | undefined) {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative number of milliseconds, got ${value}`);
  return value === 0 ? undefined : value;
}

function limit(name: string, value: number | undefined) {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !(value > 0))
    throw new RangeError(`${name} must be a positive number of bytes per second, got ${value}`);
  return value;
}

/** Applies defaults and validates (throws `RangeError`/`TypeError` on bad values). */
export function resolveOptions(options: ClientOptions = {}): ResolvedOptions {
  const socketTimeout = duration("socketTimeout", options.socketTimeout, DEFAULT_SOCKET_TIMEOUT);
  const connectionTimeout = duration(
    "connectionTimeout",
    options.connectionTimeout,
    DEFAULT_CONNECTION_TIMEOUT,
  );
  const passiveCommands = options.passiveCommands ?? ["epsv", "pasv"];
  const activeCommands = options.activeCommands ?? [];
  for (const name of passiveCommands)
    if (name !== "epsv" && name !== "pasv") throw new TypeError(`unknown passive command ${name}`);
  for (const name of activeCommands)
    if (name !== "eprt" && name !== "port") throw new TypeError(`unknown active command ${name}`);
  if (passiveCommands.length === 0 && activeCommands.length === 0)
    throw new TypeError("no data connection commands: set passiveCommands or activeCommands");
  const range = options.activePortRange;
  if (range) {
    const [min, max] = range;
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > 65535 || min > max)
      throw new RangeError(`activePortRange must be [min, max] within 1-65535, got ${range}`);
  }
  const encoding = options.encoding ?? "utf8";
  if (encoding !== "utf8" && encoding !== "latin1")
    throw new TypeError(`encoding must be "utf8" or "latin1", got ${encoding}`);
  return {
    connectionTimeout,
    dataConnectionTimeout: duration(
      "dataConnectionTimeout",
      options.dataConnectionTimeout,
      connectionTimeout,
    ),
    replyTimeout: duration("replyTimeout", options.replyTimeout, socketTimeout),
    idleTimeout: duration("idleTimeout", options.idleTimeout, socketTimeout),
    pathTimeout: duration("pathTimeout", options.pathTimeout, undefined),
    readSpeedLimit: limit("readSpeedLimit", options.readSpeedLimit),
    writeSpeedLimit: limit("writeSpeedLimit", options.writeSpeedLimit),
    pathIoFactory: options.pathIoFactory,
    encoding,
    ssl: options.ssl === true ? {} : options.ssl ? options.ssl : undefined,
    dataProtection: options.dataProtection ?? "private",
    passiveCommands,
    activeCommands,
    activeAddress: options.activeAddress,
    activePortRange: range,
    passiveHostFallback: options.passiveHostFallback ?? true,
    parseListLineCustom: options.parseListLineCustom,
    parseListLineCustomFirst: options.parseListLineCustomFirst ?? true,
    socks: options.socks,
    keepAliveInterval: duration("keepAliveInterval", options.keepAliveInterval, undefined),
    pipelining: options.pipelining === true,
    maxListingSize: options.maxListingSize ?? DEFAULT_MAX_LISTING_SIZE,
    progressInterval: options.progressInterval ?? DEFAULT_PROGRESS_INTERVAL,
    onProgress: options.onProgress,
  };
}
