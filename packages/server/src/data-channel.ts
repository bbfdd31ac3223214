import net from "node:net";
import { normalizeAddress, sameHost } from "./address.js";
import { listenOn, type PortPool } from "./port-pool.js";

/** Why a data connection could not be made (the transfer answers 425). */
export class DataConnectionError extends Error {
  readonly reason: "timeout" | "refused" | "tls" | "closed";
  constructor(reason: DataConnectionError["reason"], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DataConnectionError";
    this.reason = reason;
  }
}

/** Settings a session's data channel needs. */
export interface DataChannelOptions {
  /** Address of the control connection's peer. */
  peerAddress: string;
  /** Local address of the control connection (passive listeners bind here). */
  localAddress: string;
  /** Accept data connections from other hosts. */
  allowForeignPeers: boolean;
  /** Passive port range, if any. */
  portPool: PortPool | undefined;
}

function noop(): void {}

/**
 * A session's data connections: one passive listener, created by the first PASV/EPSV and
 * reused, or an active (PORT/EPRT) address. Connections from other hosts than the control
 * peer are dropped (RFC 2577), as is a second connection while one waits unused.
 */
export class DataChannel {
  readonly #options: DataChannelOptions;
  #mode: "none" | "passive" | "active" = "none";
  #listener: net.Server | undefined;
  #port = 0;
  #pending: net.Socket | undefined;
  #waiter: ((socket: net.Socket) => void) | undefined;
  #active: { host: string; port: number } | undefined;
  #closed = false;

  constructor(options: DataChannelOptions) {
    this.#options = options;
  }

  /** How the next transfer connects. */
  get mode(): "none" | "passive" | "active" {
    return this.#mode;
  }

  /** The passive listener's port (0 when none). */
  get port(): number {
    return this.#port;
  }

  /** True while a data connection is open and unused. */
  get hasPendingConnection(): boolean {
    return this.#pending !== undefined;
  }

  /**
   * Switches to passive mode, binding the listener when there is none; returns its port
   * and whether it already existed. A pending unused connection is closed.
   */
  async openPassive(): Promise<{ port: number; existed: boolean }> {
    this.#dropPending();
    this.#active = undefined;
    if (this.#listener !== undefined) {
      this.#mode = "passive";
      return { port: this.#port, existed: true };
    }
    const host = this.#options.localAddress;
    const bound = this.#options.portPool
      ? await this.#options.portPool.listen(host)
      : { server: await listenOn(host, 0), port: 0 };
    const server = bound.server;
    if (this.#closed) {
      server.close();
      if (this.#options.portPool !== undefined) this.#options.portPool.release(bound.port);
      throw new DataConnectionError("closed", "Session closed");
    }
    const address = server.address() as net.AddressInfo;
    this.#listener = server;
    this.#port = address.port;
    this.#mode = "passive";
    server.on("error", noop);
    server.on("connection", (socket) => this.#accept(socket));
    return { port: this.#port, existed: false };
  }

  /** Switches to active mode: the next transfer connects to `host:port`. */
  setActive(host: string, port: number): void {
    this.#dropPending();
    this.#closeListener();
    this.#active = { host, port };
    this.#mode = "active";
  }

  #accept(socket: net.Socket): void {
    socket.on("error", noop);
    socket.setNoDelay(true);
    if (
      this.#closed ||
      this.#mode !== "passive" ||
      (!this.#options.allowForeignPeers &&
        !sameHost(socket.remoteAddress, this.#options.peerAddress))
    ) {
      socket.destroy();
      return;
    }
    if (this.#waiter !== undefined) {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter(socket);
      return;
    }
    if (this.#pending !== undefined) {
      socket.destroy();
      return;
    }
    this.#pending = socket;
    socket.once("close", () => {
      if (this.#pending === socket) this.#pending = undefined;
    });
  }

  /**
   * The data connection for one transfer: the pending passive connection, the next one to
   * arrive, or a new active connection. Rejects with {@link DataConnectionError} after
   * `timeout` ms, or with the signal's reason when aborted.
   */
  acquire(options: { timeout: number; signal: AbortSignal }): Promise<net.Socket> {
    if (this.#mode === "active" && this.#active !== undefined)
      return this.#connectActive(this.#active, options);
    if (this.#mode !== "passive")
      return Promise.reject(new DataConnectionError("refused", "No data connection set up"));
    if (this.#pending !== undefined) {
      const socket = this.#pending;
      this.#pending = undefined;
      this.#afterUse();
      return Promise.resolve(socket);
    }
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        options.signal.removeEventListener("abort", onAbort);
        this.#waiter = undefined;
      };
      const timer = setTimeout(() => {
        done();
        reject(new DataConnectionError("timeout", "No data connection arrived in time"));
      }, options.timeout);
      const onAbort = () => {
        done();
        reject(options.signal.reason);
      };
      if (options.signal.aborted) {
        onAbort();
        return;
      }
      options.signal.addEventListener("abort", onAbort, { once: true });
      this.#waiter = (socket) => {
        done();
        this.#afterUse();
        resolve(socket);
      };
    });
  }

  #connectActive(
    target: { host: string; port: number },
    options: { timeout: number; signal: AbortSignal },
  ): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const local = normalizeAddress(this.#options.localAddress);
      const socket = net.connect({
        host: target.host,
        port: target.port,
        noDelay: true,
        allowHalfOpen: true,
        ...(net.isIP(local) === net.isIP(target.host) ? { localAddress: local } : {}),
      });
      const finish = (error?: unknown) => {
        clearTimeout(timer);
        options.signal.removeEventListener("abort", onAbort);
        socket.off("connect", onConnect);
        socket.off("error", onError);
        if (error === undefined) {
          socket.on("error", noop);
          resolve(socket);
        } else {
          socket.on("error", noop);
          socket.destroy();
          reject(error);
        }
      };
      const onConnect = () => finish();
      const onError = (error: Error) =>
        finish(new DataConnectionError("refused", "Active connection failed", { cause: error }));
      const onAbort = () => finish(options.signal.reason);
      const timer = setTimeout(
        () => finish(new DataConnectionError("timeout", "Active connection timed out")),
        options.timeout,
      );
      socket.once("connect", onConnect);
      socket.once("error", onError);
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /**
   * With a passive port range, a listener serves one transfer (as vsftpd does), so ports go
   * back to the range at once instead of being held by idle sessions; with ephemeral ports
   * the listener is kept and reused, saving a bind per transfer.
   */
  #afterUse(): void {
    if (this.#options.portPool === undefined) return;
    this.#closeListener();
    this.#mode = "none";
  }

  #dropPending(): void {
    this.#pending?.destroy();
    this.#pending = undefined;
  }

  #closeListener(): void {
    if (this.#listener !== undefined) {
      this.#listener.close();
      this.#options.portPool?.release(this.#port);
    }
    this.#listener = undefined;
    this.#port = 0;
  }

  /** Resets to "no data connection set up" (REIN), closing everything. */
  reset(): void {
    this.#dropPending();
    this.#closeListener();
    this.#active = undefined;
    this.#mode = "none";
  }

  /** Closes the listener and any pending connection for good. */
  close(): void {
    this.#closed = true;
    this.reset();
  }
}
