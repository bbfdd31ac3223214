import { channel } from "node:diagnostics_channel";
import type net from "node:net";
import tls from "node:tls";
import { debuglog } from "node:util";
import { formatCommand, type Reply, ReplyParser, redactCommand } from "@ftp/protocol";
import { withDeadline } from "./deadline.js";
import { closedError } from "./errors.js";
import { decodeLine } from "./listing.js";

const debug = debuglog("ftp");
const commandChannel = channel("ftp:client:command");
const replyChannel = channel("ftp:client:reply");

/** Text encodings the client speaks on the control connection. */
export type ControlEncoding = "utf8" | "latin1";

/** Options of one control connection. */
export interface ControlOptions {
  encoding: ControlEncoding;
  /** Reply wait limit (ms), 0/undefined = none. */
  replyTimeout?: number | undefined;
}

/**
 * The control connection: sends commands, parses replies (RFC 959 multi-line rules through
 * `ReplyParser`) into a queue, and reads them one at a time. Replies that arrive while nobody
 * waits (e.g. a 226 before the data connection's EOF) are kept in order.
 */
export class ControlConnection {
  #socket: net.Socket;
  readonly #parser: ReplyParser;
  readonly #replies: Reply[] = [];
  #wake: (() => void) | undefined;
  #error: Error | undefined;
  readonly #options: ControlOptions;
  /** The newest TLS session (ticket) the server gave on the control connection. */
  session: Buffer | undefined;

  constructor(socket: net.Socket, options: ControlOptions) {
    this.#socket = socket;
    this.#options = options;
    // bytes are read as latin1 (lossless) and each line decoded below: UTF-8 when valid
    this.#parser = new ReplyParser({ encoding: "latin1" });
    this.#attach(socket);
    socket.resume();
  }

  /** The current socket (a `TLSSocket` after TLS started). */
  get socket(): net.Socket {
    return this.#socket;
  }

  /** True when the socket is TLS. */
  get secure(): boolean {
    return this.#socket instanceof tls.TLSSocket;
  }

  /** Set once the connection failed or closed; every later read rejects with it. */
  get error(): Error | undefined {
    return this.#error;
  }

  /** Number of replies received and not read yet. */
  get bufferedReplies(): number {
    return this.#replies.length;
  }

  readonly #onData = (chunk: Buffer) => {
    let replies: Reply[];
    try {
      replies = this.#parser.push(chunk);
    } catch (error) {
      this.#fail(error instanceof Error ? error : new Error(String(error)));
      this.#socket.destroy();
      return;
    }
    for (const reply of replies) {
      reply.lines = reply.lines.map((line) =>
        decodeLine(Buffer.from(line, "latin1"), this.#options.encoding),
      );
      debug("< %s %s", reply.code.value, reply.lines.join(" | "));
      if (replyChannel.hasSubscribers)
        replyChannel.publish({ code: reply.code.value, lines: reply.lines });
      this.#replies.push(reply);
    }
    if (replies.length > 0) this.#notify();
  };

  readonly #onError = (error: Error) => {
    this.#fail(closedError(`control connection failed: ${error.message}`, error));
  };

  readonly #onClose = () => {
    this.#fail(closedError("the server closed the control connection"));
  };

  readonly #onSession = (session: Buffer) => {
    this.session = session;
  };

  #attach(socket: net.Socket): void {
    socket.on("data", this.#onData);
    socket.on("error", this.#onError);
    socket.on("close", this.#onClose);
    socket.on("end", this.#onClose);
    socket.on("session", this.#onSession);
  }

  #detach(socket: net.Socket): void {
    socket.off("data", this.#onData);
    socket.off("error", this.#onError);
    socket.off("close", this.#onClose);
    socket.off("end", this.#onClose);
    socket.off("session", this.#onSession);
  }

  #fail(error: Error): void {
    this.#error ??= error;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /**
   * Reads the next reply. Replies are never skipped: a reply that arrives after its reader
   * gave up stays queued for the next read, so callers must only give up by closing.
   */
  async readReply(
    what: string,
    timeout = this.#options.replyTimeout,
    phase: "reply" | "connect" = "reply",
  ): Promise<Reply> {
    for (;;) {
      const reply = this.#replies.shift();
      if (reply) return reply;
      if (this.#error) throw this.#error;
      const arrived = new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      try {
        await withDeadline(arrived, { timeout, phase, what });
      } catch (error) {
        this.#wake = undefined;
        throw error;
      }
    }
  }

  /** Sends one command line (`verb` plus optional argument); CR/LF/NUL are refused. */
  send(verb: string, argument?: string): void {
    if (this.#error) throw this.#error;
    this.#socket.write(this.#encode(verb, argument));
  }

  /** Sends several command lines in one write (pipelining); CR/LF/NUL are refused. */
  sendAll(commands: readonly (readonly [verb: string, argument?: string | undefined])[]): void {
    if (this.#error) throw this.#error;
    const lines = commands.map(([verb, argument]) => this.#encode(verb, argument));
    this.#socket.write(Buffer.concat(lines));
  }

  #encode(verb: string, argument: string | undefined): Buffer {
    const line = argument === undefined ? formatCommand(verb) : formatCommand(verb, argument);
    if (debug.enabled || commandChannel.hasSubscribers) {
      const shown = redactCommand(line.replace(/\r\n$/, ""));
      debug("> %s", shown);
      if (commandChannel.hasSubscribers) commandChannel.publish({ command: shown });
    }
    return Buffer.from(line, this.#options.encoding);
  }

  /** Upgrades the connection to TLS (after `AUTH TLS` was accepted). */
  async startTls(options: tls.ConnectionOptions, timeout: number | undefined): Promise<void> {
    const raw = this.#socket;
    this.#detach(raw);
    const secure = tls.connect({ ...options, socket: raw });
    this.#socket = secure;
    secure.on("session", this.#onSession);
    const handshake = new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      secure.once("error", onError);
      secure.once("secureConnect", () => {
        secure.off("error", onError);
        resolve();
      });
    });
    try {
      await withDeadline(handshake, { timeout, phase: "tls", what: "TLS handshake (control)" });
    } catch (error) {
      secure.destroy();
      this.#fail(closedError("TLS handshake on the control connection failed", error));
      throw error;
    }
    secure.off("session", this.#onSession);
    this.#attach(secure);
  }

  /** Closes the connection gracefully (FIN, close_notify under TLS); destroys after `ms`. */
  async close(ms = 1000): Promise<void> {
    const socket = this.#socket;
    this.#fail(closedError("the client closed the control connection"));
    if (socket.destroyed) return;
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.end();
    socket.resume();
    const timer = setTimeout(() => socket.destroy(), ms);
    await closed;
    clearTimeout(timer);
  }

  /** Drops the connection at once. */
  destroy(reason?: Error): void {
    this.#fail(reason ?? closedError("the client closed the control connection"));
    this.#socket.destroy();
  }
}
