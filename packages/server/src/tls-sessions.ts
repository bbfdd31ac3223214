import type { Duplex } from "node:stream";
import tls from "node:tls";

const MAX_SESSIONS = 10_000;

/**
 * Makes the server-side TLS sockets of one server (control and data connections), sharing
 * one secure context — so TLS 1.3 and TLS 1.2 session tickets issued on a control
 * connection resume on its data connections — and one bounded session-ID cache, so TLS 1.2
 * clients that resume by session ID (curl) can resume too. The cache lives on a `tls.Server`
 * that never listens: Node delivers session events to the server a TLSSocket names.
 */
export class TlsSocketFactory {
  /** The secure context every socket shares. */
  readonly context: tls.SecureContext;
  readonly #host: tls.Server;
  readonly #sessions = new Map<string, Buffer>();

  constructor(context: tls.SecureContext) {
    this.context = context;
    this.#host = tls.createServer({ secureContext: context });
    this.#host.on("newSession", (id: Buffer, data: Buffer, done: () => void) => {
      const key = id.toString("hex");
      this.#sessions.delete(key);
      this.#sessions.set(key, data);
      if (this.#sessions.size > MAX_SESSIONS) {
        const oldest = this.#sessions.keys().next().value;
        if (oldest !== undefined) this.#sessions.delete(oldest);
      }
      done();
    });
    this.#host.on(
      "resumeSession",
      (id: Buffer, done: (error: Error | null, data: Buffer | null) => void) => {
        done(null, this.#sessions.get(id.toString("hex")) ?? null);
      },
    );
  }

  /** Wraps a connection as the TLS server side. */
  wrap(socket: Duplex): tls.TLSSocket {
    return new tls.TLSSocket(socket, {
      isServer: true,
      secureContext: this.context,
      server: this.#host,
    });
  }
}
