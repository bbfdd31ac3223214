import net from "node:net";
import { NoAvailablePortError } from "./errors.js";

/** Listens on `port` of `host`; rejects with the listen error. */
export function listenOn(host: string, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    // Half-open allowed: after a peer's FIN the server can still send its TLS close_notify.
    const server = net.createServer({ noDelay: true, pauseOnConnect: false, allowHalfOpen: true });
    const onError = (error: Error) => {
      server.close();
      reject(error);
    };
    server.once("error", onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off("error", onError);
      resolve(server);
    });
  });
}

/**
 * The passive port range: hands out free ports in random order (RFC 2577: harder to guess),
 * skips ports another process holds, and fails with {@link NoAvailablePortError} when every
 * port is taken.
 */
export class PortPool {
  readonly #ports: readonly number[];
  readonly #inUse = new Set<number>();

  constructor(ports: Iterable<number> | { min: number; max: number }) {
    const list: number[] = [];
    if (Symbol.iterator in ports) {
      for (const port of ports) list.push(port);
    } else {
      for (let port = ports.min; port <= ports.max; port++) list.push(port);
    }
    for (const port of list) {
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new RangeError(`Invalid data port: ${port}`);
    }
    this.#ports = [...new Set(list)];
  }

  /** Ports not handed out. */
  get available(): number {
    return this.#ports.length - this.#inUse.size;
  }

  /**
   * Gives a port back once its listener stopped listening (its accepted connections may
   * still be open: a new listener can bind the port meanwhile).
   */
  release(port: number): void {
    this.#inUse.delete(port);
  }

  /** Binds a listener on a free port of the range; `release` the port after closing it. */
  async listen(host: string): Promise<{ server: net.Server; port: number }> {
    const free = this.#ports.filter((port) => !this.#inUse.has(port));
    for (let i = free.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [free[i], free[j]] = [free[j]!, free[i]!];
    }
    for (const port of free) {
      if (this.#inUse.has(port)) continue;
      this.#inUse.add(port);
      try {
        const server = await listenOn(host, port);
        return { server, port };
      } catch (error) {
        this.#inUse.delete(port);
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EADDRINUSE" && code !== "EACCES") throw error;
      }
    }
    throw new NoAvailablePortError();
  }
}
