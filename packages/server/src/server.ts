import { EventEmitter } from "node:events";
import net from "node:net";
import tls from "node:tls";
import { type AbstractPathIO, AsyncPathIO, PathIO } from "@ftp/pathio";
import { StreamThrottle } from "@ftp/stream";
import { normalizeAddress } from "./address.js";
import { CommandRegistry } from "./command-registry.js";
import { BUILTIN_COMMANDS } from "./commands/index.js";
import { channels, type ServerEvents } from "./events.js";
import { MemoryUserManager } from "./memory-user-manager.js";
import { SERVER_DEFAULTS, type ServerOptions, validateOptions } from "./options.js";
import { withPathTimeout } from "./path-timeout.js";
import { PortPool } from "./port-pool.js";
import type { ResolvedOptions, ServerContext } from "./server-context.js";
import { Session } from "./session.js";
import { TlsSocketFactory } from "./tls-sessions.js";
import type { User } from "./user.js";
import { AbstractUserManager } from "./user-manager.js";

/** Where the server listens. */
export interface ServerAddress {
  host: string;
  port: number;
  family: "IPv4" | "IPv6";
}

/** Options of {@link Server.start}. */
export interface StartOptions {
  /** Address to bind. Default: all interfaces (`::` or `0.0.0.0`). */
  host?: string;
  /** Port; 0 (the default) picks a free one, see {@link Server.address}. */
  port?: number;
  /** Listen backlog. */
  backlog?: number;
  /** Cancels a pending start. */
  signal?: AbortSignal;
}

/** Options of {@link Server.close}. */
export interface CloseOptions {
  /**
   * Milliseconds running transfers may take to finish before they are aborted; then
   * every session gets `421` and is closed. Default 5000.
   */
  timeout?: number;
}

/**
 * An FTP/FTPS server. `start()` listens; every control connection becomes a session that
 * runs the commands of {@link Server.commands}. Events: `connect`, `login`, `loginFailed`,
 * `transferStart`, `transferEnd`, `disconnect`, `sessionError`, `listening`, `close`
 * (also published on the `ftp:server:*` diagnostics channels).
 */
export class Server extends EventEmitter<ServerEvents> {
  /** The command registry: add your own with `server.commands.register(defineCommand(...))`. */
  readonly commands: CommandRegistry;
  /** Where users come from. */
  readonly userManager: AbstractUserManager;
  readonly #options: ResolvedOptions;
  readonly #context: ServerContext;
  readonly #sessions = new Set<Session>();
  /** Accepted sockets not (yet) in a session: TLS handshakes, refusals being written. */
  readonly #pending = new Set<net.Socket>();
  readonly #perIp = new Map<string, number>();
  readonly #userThrottles = new WeakMap<User, StreamThrottle>();
  readonly #maximumConnections: number | undefined;
  readonly #maximumPerIp: number | undefined;
  #listener: net.Server | undefined;
  #address: ServerAddress | undefined;
  #nextId = 1;
  #closing = false;
  #closed: Promise<void> | undefined;

  constructor(options: ServerOptions = {}) {
    super();
    validateOptions(options);
    const tlsOptions = options.tls ?? options.ssl;
    const welcome = options.welcomeMessage ?? SERVER_DEFAULTS.welcomeMessage;
    this.#options = {
      blockSize: options.blockSize ?? SERVER_DEFAULTS.blockSize,
      socketTimeout: options.socketTimeout ?? SERVER_DEFAULTS.socketTimeout,
      idleTimeout: options.idleTimeout ?? SERVER_DEFAULTS.idleTimeout,
      waitFutureTimeout: options.waitFutureTimeout ?? SERVER_DEFAULTS.waitFutureTimeout,
      pathTimeout: options.pathTimeout,
      maxLineLength: options.maxLineLength ?? SERVER_DEFAULTS.maxLineLength,
      maxLoginAttempts: options.maxLoginAttempts ?? SERVER_DEFAULTS.maxLoginAttempts,
      loginFailureDelay: options.loginFailureDelay ?? SERVER_DEFAULTS.loginFailureDelay,
      tlsHandshakeTimeout: options.tlsHandshakeTimeout ?? SERVER_DEFAULTS.tlsHandshakeTimeout,
      allowForeignDataPeers: options.allowForeignDataPeers ?? false,
      allowPrivilegedDataPorts: options.allowPrivilegedDataPorts ?? false,
      ipv4PasvForcedResponseAddress: options.ipv4PasvForcedResponseAddress,
      encoding: options.encoding ?? "utf8",
      latin1Fallback: options.latin1Fallback ?? false,
      atomicUploads: options.atomicUploads ?? false,
      implicitTls: tlsOptions?.implicit ?? false,
      requireTlsForLogin: options.requireTlsForLogin ?? false,
      requireTlsForData: options.requireTlsForData ?? false,
      requireTlsSessionReuse: options.requireTlsSessionReuse ?? false,
      welcomeLines: typeof welcome === "string" ? [welcome] : [...welcome],
    };
    if (
      this.#options.ipv4PasvForcedResponseAddress !== undefined &&
      !net.isIPv4(this.#options.ipv4PasvForcedResponseAddress)
    )
      throw new TypeError("ipv4PasvForcedResponseAddress must be an IPv4 address");
    this.#maximumConnections = options.maximumConnections;
    this.#maximumPerIp = options.maximumConnectionsPerIp;
    this.userManager =
      options.users instanceof AbstractUserManager
        ? options.users
        : new MemoryUserManager(options.users);
    this.commands = new CommandRegistry(BUILTIN_COMMANDS);
    for (const command of options.commands ?? []) this.commands.register(command);
    let secureContext: tls.SecureContext | undefined;
    if (tlsOptions !== undefined) {
      const { implicit: _implicit, ...contextOptions } = tlsOptions;
      secureContext = tls.createSecureContext({ minVersion: "TLSv1.2", ...contextOptions });
    }
    const pathTimeout = options.pathTimeout;
    const baseFactory = options.pathIoFactory ?? (() => new AsyncPathIO());
    const factory =
      pathTimeout === undefined ? baseFactory : () => withPathTimeout(baseFactory(), pathTimeout);
    const globalThrottle = StreamThrottle.fromLimits(
      options.readSpeedLimit,
      options.writeSpeedLimit,
    );
    const perConnectionThrottle = StreamThrottle.fromLimits(
      options.readSpeedLimitPerConnection,
      options.writeSpeedLimitPerConnection,
    );
    const portPool = options.dataPorts !== undefined ? new PortPool(options.dataPorts) : undefined;
    const server = this;
    this.#context = {
      options: this.#options,
      registry: this.commands,
      userManager: this.userManager,
      pathIoFactory: factory,
      secureContext,
      tlsSockets: secureContext !== undefined ? new TlsSocketFactory(secureContext) : undefined,
      portPool,
      globalThrottle,
      perConnectionThrottle,
      userThrottle: (user) => this.#userThrottle(user),
      emit: (name, ...args) => this.#publish(name, ...args),
      get closing() {
        return server.#closing;
      },
      // Disk backends serve the working directory by default (as aioftp); any other backend
      // (memory, wrappers, custom) serves its own root.
      defaultBasePath: (pathio: AbstractPathIO) =>
        pathio instanceof AsyncPathIO || pathio instanceof PathIO ? process.cwd() : "/",
    };
  }

  #userThrottle(user: User): StreamThrottle {
    let throttle = this.#userThrottles.get(user);
    if (throttle === undefined) {
      throttle = StreamThrottle.fromLimits(user.readSpeedLimit, user.writeSpeedLimit);
      this.#userThrottles.set(user, throttle);
    }
    return throttle;
  }

  #publish<K extends keyof ServerEvents>(name: K, ...args: ServerEvents[K]): void {
    const channel = (
      channels as Record<string, { hasSubscribers: boolean; publish(m: unknown): void }>
    )[name];
    if (channel?.hasSubscribers) channel.publish(args[0]);
    if (this.listenerCount(name) > 0) {
      try {
        (this.emit as (event: K, ...rest: ServerEvents[K]) => boolean)(name, ...args);
      } catch {
        // A throwing listener must not break the session that emitted the event.
      }
    }
  }

  /** The bound address after `start()` (undefined before). */
  get address(): ServerAddress | undefined {
    return this.#address;
  }

  /** Open control connections. */
  get connectionCount(): number {
    return this.#sessions.size;
  }

  /** True while listening. */
  get listening(): boolean {
    return this.#listener !== undefined && !this.#closing;
  }

  /** Starts listening; resolves with the bound address. */
  async start(options: StartOptions = {}): Promise<ServerAddress> {
    if (this.#listener !== undefined) throw new Error("Server already started");
    if (this.#closing) throw new Error("Server is closed");
    options.signal?.throwIfAborted();
    const listener = net.createServer({ noDelay: true, allowHalfOpen: true }, (socket) =>
      this.#onConnection(socket),
    );
    this.#listener = listener;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        listener.close();
        reject(options.signal?.reason);
      };
      listener.once("error", (error) => {
        options.signal?.removeEventListener("abort", onAbort);
        this.#listener = undefined;
        reject(error);
      });
      options.signal?.addEventListener("abort", onAbort, { once: true });
      listener.listen(
        {
          port: options.port ?? 0,
          ...(options.host !== undefined ? { host: options.host } : {}),
          ...(options.backlog !== undefined ? { backlog: options.backlog } : {}),
        },
        () => {
          options.signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      );
    });
    listener.on("error", (error) => this.#publish("sessionError", { sessionId: 0, error }));
    const info = listener.address() as net.AddressInfo;
    this.#address = {
      host: info.address,
      port: info.port,
      family: info.family === "IPv6" ? "IPv6" : "IPv4",
    };
    this.#publish("listening", { host: info.address, port: info.port });
    return this.#address;
  }

  /** Starts (unless started) and serves until `close()` or until `signal` aborts. */
  async run(options: StartOptions & { closeTimeout?: number } = {}): Promise<void> {
    const { signal, closeTimeout, ...start } = options;
    if (this.#listener === undefined) await this.start({ ...start, ...(signal ? { signal } : {}) });
    await new Promise<void>((resolve) => {
      if (this.#closing) {
        resolve();
        return;
      }
      const onAbort = () => {
        void this.close(closeTimeout !== undefined ? { timeout: closeTimeout } : {});
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.once("close", () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
    });
    await this.#closed;
  }

  #track(socket: net.Socket): void {
    this.#pending.add(socket);
    socket.once("close", () => this.#pending.delete(socket));
  }

  #full(ip: string): boolean {
    return (
      (this.#maximumConnections !== undefined &&
        this.#sessions.size + this.#pending.size >= this.#maximumConnections) ||
      (this.#maximumPerIp !== undefined && (this.#perIp.get(ip) ?? 0) >= this.#maximumPerIp)
    );
  }

  #onConnection(raw: net.Socket): void {
    raw.setNoDelay(true);
    raw.on("error", () => {});
    if (this.#closing) {
      raw.destroy();
      return;
    }
    if (this.#options.implicitTls && this.#context.tlsSockets !== undefined) {
      if (this.#full(normalizeAddress(raw.remoteAddress))) {
        raw.destroy();
        return;
      }
      this.#track(raw);
      const secure = this.#context.tlsSockets.wrap(raw);
      secure.on("error", () => {});
      const timer = setTimeout(() => secure.destroy(), this.#options.tlsHandshakeTimeout);
      secure.once("secure", () => {
        clearTimeout(timer);
        this.#pending.delete(raw);
        this.#admit(secure, raw, true);
      });
      secure.once("close", () => clearTimeout(timer));
      return;
    }
    this.#admit(raw, raw, false);
  }

  #admit(socket: net.Socket, raw: net.Socket, secure: boolean): void {
    if (this.#closing || socket.destroyed) {
      socket.destroy();
      return;
    }
    const ip = normalizeAddress(raw.remoteAddress);
    const id = this.#nextId++;
    if (this.#full(ip)) {
      this.#track(raw);
      socket.on("error", () => {});
      socket.end("421 Too many connections.\r\n");
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    this.#perIp.set(ip, (this.#perIp.get(ip) ?? 0) + 1);
    const session = new Session(this.#context, socket, id, {
      secure,
      onClose: (closed) => {
        if (!this.#sessions.delete(closed)) return;
        const count = (this.#perIp.get(ip) ?? 1) - 1;
        if (count <= 0) this.#perIp.delete(ip);
        else this.#perIp.set(ip, count);
      },
    });
    this.#sessions.add(session);
    this.#publish("connect", {
      sessionId: id,
      remoteAddress: session.remoteAddress,
      remotePort: session.remotePort,
      localAddress: session.localAddress,
      localPort: session.localPort,
    });
    session.start({ code: 220, lines: this.#options.welcomeLines });
  }

  /**
   * Stops accepting connections, lets running transfers finish until `timeout`, then
   * answers `421` to every session and closes it. Resolves once everything is closed.
   */
  close(options: CloseOptions = {}): Promise<void> {
    if (this.#closed !== undefined) return this.#closed;
    this.#closing = true;
    const deadline = Date.now() + (options.timeout ?? 5000);
    this.#closed = (async () => {
      const listener = this.#listener;
      const listenerClosed =
        listener !== undefined
          ? new Promise<void>((resolve) => listener.close(() => resolve()))
          : Promise.resolve();
      for (const socket of this.#pending) socket.destroy();
      await Promise.all([...this.#sessions].map((session) => session.shutdown(deadline)));
      for (const session of this.#sessions) session.close();
      await listenerClosed;
      this.#listener = undefined;
      this.#publish("close");
    })();
    return this.#closed;
  }
}
