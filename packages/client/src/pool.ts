import type tls from "node:tls";
import { DEFAULT_PORT } from "@ftp/protocol";
import type { CallOptions } from "./call-options.js";
import { Client } from "./client.js";
import { withDeadline } from "./deadline.js";
import { closedError } from "./errors.js";
import type { ClientOptions } from "./options.js";
import type { TransferOptions } from "./tree-transfer.js";

/** How a `ClientPool` opens its sessions. */
export interface ClientPoolOptions extends ClientOptions {
  host: string;
  port?: number;
  user?: string;
  password?: string;
  account?: string;
  /** Explicit FTPS for every session: `true` or TLS options. */
  upgradeToTls?: boolean | tls.ConnectionOptions;
  /** Number of sessions (connections) at most. Default 4. */
  size?: number;
}

interface Waiter {
  resolve: (client: Client) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs independent operations over up to `size` logged-in sessions in parallel, e.g.
 * downloading many files with four connections. Sessions are opened on demand and reused;
 * one that failed is dropped and replaced.
 *
 * @example
 * ```ts
 * const pool = new ClientPool({ host: "ftp.example.com", size: 4 });
 * await Promise.all(files.map((file) => pool.download(file, "./out")));
 * await pool.close();
 * ```
 */
export class ClientPool {
  readonly #options: ClientPoolOptions;
  readonly #size: number;
  readonly #idle: Client[] = [];
  readonly #waiters: Waiter[] = [];
  #open = 0;
  #closed = false;

  constructor(options: ClientPoolOptions) {
    const size = options.size ?? 4;
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`size must be a positive integer, got ${size}`);
    this.#options = options;
    this.#size = size;
  }

  /** Sessions currently open (busy or idle). */
  get openSessions(): number {
    return this.#open;
  }

  async #create(signal: AbortSignal | undefined): Promise<Client> {
    const {
      host,
      port,
      user,
      password,
      account,
      upgradeToTls,
      size: _size,
      ...clientOptions
    } = this.#options;
    const client = new Client(clientOptions);
    const call: CallOptions = signal ? { signal } : {};
    try {
      await client.connect(host, port ?? DEFAULT_PORT, call);
      if (upgradeToTls)
        await client.upgradeToTls(upgradeToTls === true ? undefined : upgradeToTls, call);
      await client.login(user, password, account, call);
      return client;
    } catch (error) {
      client.close();
      throw error;
    }
  }

  async #acquire(signal: AbortSignal | undefined): Promise<Client> {
    if (this.#closed) throw closedError("the pool is closed");
    const idle = this.#idle.pop();
    if (idle) return idle;
    if (this.#open < this.#size) {
      this.#open++;
      try {
        return await this.#create(signal);
      } catch (error) {
        this.#open--;
        this.#wakeNext();
        throw error;
      }
    }
    let waiter: Waiter | undefined;
    const waiting = new Promise<Client>((resolve, reject) => {
      waiter = { resolve, reject };
      this.#waiters.push(waiter);
    });
    try {
      return await withDeadline(waiting, {
        phase: "connect",
        what: "waiting for a pooled session",
        signal,
      });
    } catch (error) {
      const index = waiter ? this.#waiters.indexOf(waiter) : -1;
      if (index >= 0) this.#waiters.splice(index, 1);
      else waiting.then((client) => this.#release(client, true)).catch(() => {});
      throw error;
    }
  }

  #wakeNext(): void {
    const waiter = this.#waiters.shift();
    if (!waiter) return;
    this.#open++;
    this.#create(undefined).then(waiter.resolve, (error: unknown) => {
      this.#open--;
      waiter.reject(error);
    });
  }

  #release(client: Client, healthy: boolean): void {
    if (this.#closed || !healthy || !client.connected) {
      client.close();
      this.#open--;
      this.#wakeNext();
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve(client);
    else this.#idle.push(client);
  }

  /** Runs `fn` with a session of its own; the session goes back to the pool afterwards. */
  async run<T>(fn: (client: Client) => Promise<T>, options: CallOptions = {}): Promise<T> {
    const client = await this.#acquire(options.signal);
    let healthy = true;
    try {
      return await fn(client);
    } catch (error) {
      healthy = client.connected;
      throw error;
    } finally {
      this.#release(client, healthy);
    }
  }

  /** `client.download` on a pooled session. */
  download(source: string, destination = "", options: TransferOptions = {}): Promise<void> {
    return this.run((client) => client.download(source, destination, options), options);
  }

  /** `client.upload` on a pooled session. */
  upload(source: string, destination = "", options: TransferOptions = {}): Promise<void> {
    return this.run((client) => client.upload(source, destination, options), options);
  }

  /** Quits every idle session and closes the pool; busy sessions close when released. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(closedError("the pool is closed"));
    const idle = this.#idle.splice(0);
    this.#open -= idle.length;
    await Promise.all(idle.map((client) => client.quit().catch(() => client.close())));
  }
}
