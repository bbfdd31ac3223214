import type tls from "node:tls";
import type { AbstractPathIO } from "@ftp/pathio";
import type { StreamThrottle } from "@ftp/stream";
import type { CommandRegistry } from "./command-registry.js";
import type { ServerEvents } from "./events.js";
import type { PortPool } from "./port-pool.js";
import type { TlsSocketFactory } from "./tls-sessions.js";
import type { User } from "./user.js";
import type { AbstractUserManager } from "./user-manager.js";

/** Options after defaults were applied. */
export interface ResolvedOptions {
  blockSize: number;
  socketTimeout: number;
  idleTimeout: number;
  waitFutureTimeout: number;
  pathTimeout: number | undefined;
  maxLineLength: number;
  maxLoginAttempts: number;
  loginFailureDelay: number;
  tlsHandshakeTimeout: number;
  allowForeignDataPeers: boolean;
  allowPrivilegedDataPorts: boolean;
  ipv4PasvForcedResponseAddress: string | undefined;
  encoding: "utf8" | "latin1";
  latin1Fallback: boolean;
  atomicUploads: boolean;
  implicitTls: boolean;
  requireTlsForLogin: boolean;
  requireTlsForData: boolean;
  requireTlsSessionReuse: boolean;
  welcomeLines: string[];
}

/** What every session of one server shares. Internal. */
export interface ServerContext {
  readonly options: ResolvedOptions;
  readonly registry: CommandRegistry;
  readonly userManager: AbstractUserManager;
  readonly pathIoFactory: () => AbstractPathIO;
  readonly secureContext: tls.SecureContext | undefined;
  /** Builds server-side TLS sockets (undefined without TLS options). */
  readonly tlsSockets: TlsSocketFactory | undefined;
  readonly portPool: PortPool | undefined;
  /** Server-wide throttle (one object). */
  readonly globalThrottle: StreamThrottle;
  /** Template cloned for each session. */
  readonly perConnectionThrottle: StreamThrottle;
  /** One shared throttle per user (for that user's speed limits). */
  userThrottle(user: User): StreamThrottle;
  /** Emits an event and publishes it on its diagnostics channel. */
  emit<K extends keyof ServerEvents>(name: K, ...args: ServerEvents[K]): void;
  /** True once `close()` started. */
  readonly closing: boolean;
  /** The backend root for a user whose `basePath` is not set. */
  defaultBasePath(pathio: AbstractPathIO): string;
}
