import type tls from "node:tls";
import type { ClientOptions } from "./options.js";
import type { TransferProgress } from "./progress.js";

/** Options every client method accepts. */
export interface CallOptions {
  /** Cancels the call; a running transfer is aborted with ABOR, the client stays usable. */
  signal?: AbortSignal;
}

/** Options of `list`. */
export interface ListOptions extends CallOptions {
  /** Walk sub-directories too (breadth first), yielding their entries as they are fetched. */
  recursive?: boolean;
  /** Force `"MLSD"` or `"LIST"` instead of MLSD with a LIST fallback on 50x. */
  rawCommand?: "MLSD" | "LIST";
}

/** Options of the stream methods. */
export interface StreamOptions extends CallOptions {
  /** Start at this byte (REST); for uploads the server writes from there. */
  offset?: number;
  /** Size reported as `total` in progress events, when the caller knows it. */
  total?: number;
  /**
   * Downloads only: each chunk read is valid only until the next read, because the stream
   * reuses its memory for later data. Saves an allocation (and fresh memory) per chunk, for
   * consumers that are done with a chunk before reading the next one: hashing, counting,
   * awaited file writes. `toReadable()` copies chunks in this mode. Default `false`.
   */
  reuseBuffers?: boolean;
}

/** Options of `makeDirectory`. */
export interface MakeDirectoryOptions extends CallOptions {
  /** Create missing parents too (default `true`). */
  parents?: boolean;
}

/** Events a client emits. */
export interface ClientEvents {
  /** Progress of a transfer (see `TransferProgress`). */
  progress: [progress: TransferProgress];
}

/** What `Client.context` needs besides the client options. */
export interface ContextOptions extends ClientOptions, CallOptions {
  port?: number;
  user?: string;
  password?: string;
  account?: string;
  /** Explicit FTPS: `true` or the TLS options for `upgradeToTls`. */
  upgradeToTls?: boolean | tls.ConnectionOptions;
}
