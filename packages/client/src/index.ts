/**
 * FTP and FTPS client for Node.js: queued commands on one connection, cancellation with
 * ABOR, passive and active data connections, TLS session reuse, streams, progress, pools.
 * @packageDocumentation
 */

// Re-exported so that installing @ftp/client alone is enough to catch and inspect errors,
// read replies and listings, and plug in local file systems.
export { AbstractPathIO, AsyncPathIO, MemoryPathIO, PathIOError } from "@ftp/pathio";
export {
  Code,
  type CodeLike,
  FtpError,
  InvalidCommandError,
  type ListEntry,
  type ListInfo,
  ListParseError,
  type ListParser,
  type Reply,
  ReplyParseError,
  StatusCodeError,
} from "@ftp/protocol";
export {
  ConnectionClosedError,
  FtpAbortError,
  FtpTimeoutError,
  StreamThrottle,
  Throttle,
} from "@ftp/stream";
export type {
  CallOptions,
  ClientEvents,
  ContextOptions,
  ListOptions,
  MakeDirectoryOptions,
  StreamOptions,
} from "./call-options.js";
export { Client } from "./client.js";
export {
  DEFAULT_CONNECTION_TIMEOUT,
  DEFAULT_MAX_LISTING_SIZE,
  DEFAULT_PROGRESS_INTERVAL,
  DEFAULT_SOCKET_TIMEOUT,
  DEFAULT_UPLOAD_BLOCK_SIZE,
} from "./constants.js";
export type { ControlEncoding } from "./control-connection.js";
export {
  DataStream,
  type DataStreamCallOptions,
  type DataStreamState,
} from "./data-stream.js";
export type { ClientTimeoutPhase } from "./errors.js";
export { Lister } from "./lister.js";
export type { ActiveCommand, ClientOptions, PassiveCommand } from "./options.js";
export { ClientPool, type ClientPoolOptions } from "./pool.js";
export type { ProgressListener, TransferProgress } from "./progress.js";
export { SocksError, type SocksOptions } from "./socks.js";
export type { TransferOptions } from "./tree-transfer.js";
