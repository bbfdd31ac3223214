import type net from "node:net";
import tls from "node:tls";
import { DEFAULT_BLOCK_SIZE, DEFAULT_MAX_LINE_LENGTH } from "@ftp/protocol";
import { ChunkQueue } from "./chunk-queue.js";
import { Deadline } from "./deadline.js";
import {
  ConnectionClosedError,
  EarlyEofError,
  FtpAbortError,
  FtpTimeoutError,
  LineTooLongError,
} from "./errors.js";
import { iterate } from "./iterate.js";
import { awaitSocketEvent } from "./socket-event.js";

/** Options of a {@link StreamIO}. Times are milliseconds; absent means no timeout. */
export interface StreamIOOptions {
  /** Default for both directions. */
  timeout?: number | undefined;
  /** Longest wait for incoming data in one read call. */
  readTimeout?: number | undefined;
  /** Longest wait for the socket to accept a write. */
  writeTimeout?: number | undefined;
  /** Longest line `readLine()` accepts, without its terminator (default 8192). */
  maxLineLength?: number | undefined;
  /**
   * Bytes buffered from the socket before it is paused until a read consumes them
   * (default 1 MiB). Bounds memory when the consumer is slower than the peer.
   */
  highWaterMark?: number | undefined;
}

/** Per-call options. */
export interface CallOptions {
  /** Cancels the wait; the socket is then destroyed and the call rejects with `FtpAbortError`. */
  signal?: AbortSignal | undefined;
}

/** Options of {@link StreamIO.startTls}: client side by default, server side with `isServer`. */
export type StartTlsOptions =
  | (tls.ConnectionOptions & { isServer?: false })
  | (tls.TlsOptions & { isServer: true });

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);
const RESOLVED = Promise.resolve();
const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

function validTimeout(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a positive number of milliseconds, got ${value}`);
  }
  return value;
}

const isEmpty = (block: Buffer): boolean => block.length === 0;
const isNull = (line: Buffer | null): boolean => line === null;

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * An awaitable byte stream over a `net.Socket` or `tls.TLSSocket`, as FTP's control and data
 * connections need it: line and block reads, writes that honour backpressure, per-direction
 * timeouts, `AbortSignal`s, and an in-place TLS upgrade (AUTH TLS).
 *
 * Incoming data is buffered up to `highWaterMark`, then the socket is paused until a read
 * consumes it, so a slow consumer keeps memory flat. Reads must not overlap (one read call at
 * a time); writes may.
 *
 * A timeout or an abort destroys the socket: after it the stream is unusable, and no listener
 * or timer is left behind.
 */
export class StreamIO implements AsyncIterable<Buffer> {
  /** Longest wait for data in one read call, ms (`undefined`: none). */
  readonly readTimeout: number | undefined;
  /** Longest wait for the socket to accept a write, ms (`undefined`: none). */
  readonly writeTimeout: number | undefined;
  /** Longest line `readLine()` returns, in bytes without the terminator. */
  readonly maxLineLength: number;
  /** Buffered bytes at which the socket is paused. */
  readonly highWaterMark: number;
  #socket: net.Socket;
  readonly #queue = new ChunkQueue();
  #ended = false;
  #closing = false;
  #error: Error | undefined;
  #reader: Waiter | undefined;
  #drainWaiters: Waiter[] = [];
  #paused = false;
  #discardingLine = false;
  /** Bytes at the head of the queue already known to hold no LF. */
  #scanned = 0;
  readonly #readDeadline: Deadline | undefined;
  readonly #writeDeadline: Deadline | undefined;
  #detach: () => void = () => {};

  constructor(socket: net.Socket, options: StreamIOOptions = {}) {
    const timeout = validTimeout("timeout", options.timeout);
    this.readTimeout = validTimeout("readTimeout", options.readTimeout) ?? timeout;
    this.writeTimeout = validTimeout("writeTimeout", options.writeTimeout) ?? timeout;
    this.maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    this.highWaterMark = options.highWaterMark ?? 1024 * 1024;
    if (!(this.maxLineLength > 0)) throw new RangeError("maxLineLength must be positive");
    if (!(this.highWaterMark > 0)) throw new RangeError("highWaterMark must be positive");
    const { readTimeout, writeTimeout } = this;
    if (readTimeout !== undefined) {
      this.#readDeadline = new Deadline(readTimeout, () =>
        this.destroy(new FtpTimeoutError("read", readTimeout)),
      );
    }
    if (writeTimeout !== undefined) {
      this.#writeDeadline = new Deadline(writeTimeout, () =>
        this.destroy(new FtpTimeoutError("write", writeTimeout)),
      );
    }
    this.#socket = socket;
    this.#attach(socket);
  }

  /** The current socket (a `tls.TLSSocket` after {@link startTls}). */
  get socket(): net.Socket {
    return this.#socket;
  }

  /** True once the peer ended the stream and every buffered byte was read. */
  get ended(): boolean {
    return this.#ended && this.#queue.length === 0;
  }

  /** Bytes received and not yet read. */
  get buffered(): number {
    return this.#queue.length;
  }

  #attach(socket: net.Socket): void {
    const onData = (chunk: Buffer) => {
      if (this.#closing) return;
      this.#queue.push(chunk);
      if (this.#queue.length >= this.highWaterMark && !this.#paused && !this.#reader) {
        this.#paused = true;
        socket.pause();
      }
      const reader = this.#reader;
      if (reader !== undefined) {
        this.#reader = undefined;
        reader.resolve();
      }
    };
    const onEnd = () => {
      this.#ended = true;
      this.#wakeReader();
    };
    const onError = (error: Error) => {
      const code = (error as NodeJS.ErrnoException).code;
      this.#error ??=
        code !== undefined && RESET_CODES.has(code)
          ? new ConnectionClosedError(`Connection reset (${code})`, { cause: error })
          : error;
      this.#failWaiters(this.#error);
    };
    const onClose = () => {
      this.#ended = true;
      this.#readDeadline?.clear();
      this.#writeDeadline?.clear();
      this.#wakeReader();
      this.#failDrainWaiters(
        this.#error ?? new ConnectionClosedError("Connection closed while writing"),
      );
    };
    const onDrain = () => {
      const waiters = this.#drainWaiters;
      if (waiters.length === 0) return;
      this.#drainWaiters = [];
      for (const waiter of waiters) waiter.resolve();
    };
    socket.on("data", onData);
    socket.on("end", onEnd);
    socket.on("error", onError);
    socket.on("close", onClose);
    socket.on("drain", onDrain);
    this.#detach = () => {
      socket.off("data", onData);
      socket.off("end", onEnd);
      socket.off("error", onError);
      socket.off("close", onClose);
      socket.off("drain", onDrain);
    };
  }

  #wakeReader(): void {
    const reader = this.#reader;
    if (reader !== undefined) {
      this.#reader = undefined;
      reader.resolve();
    }
  }

  #failDrainWaiters(error: Error): void {
    const waiters = this.#drainWaiters;
    if (waiters.length === 0) return;
    this.#drainWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  #failWaiters(error: Error): void {
    const reader = this.#reader;
    if (reader !== undefined) {
      this.#reader = undefined;
      reader.reject(error);
    }
    this.#failDrainWaiters(error);
  }

  /** Called after bytes left the queue: forgets the line scan and resumes a paused socket. */
  #consumed(): void {
    this.#scanned = 0;
    if (this.#paused && this.#queue.length < this.highWaterMark) {
      this.#paused = false;
      this.#socket.resume();
    }
  }

  #take(count: number): Buffer {
    const data = this.#queue.take(count);
    this.#consumed();
    return data;
  }

  #takeExactly(count: number): Buffer {
    const data = this.#queue.takeExactly(count);
    this.#consumed();
    return data;
  }

  #takeAll(): Buffer {
    const data = this.#queue.takeAll();
    this.#consumed();
    return data;
  }

  /**
   * Waits for a socket event in `direction`, under that direction's timeout and `signal`
   * (both destroy the socket, which rejects every pending wait).
   */
  #wait(direction: "read" | "write", signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) {
      const error = new FtpAbortError(signal.reason);
      this.destroy(error);
      return Promise.reject(error);
    }
    const deadline = direction === "read" ? this.#readDeadline : this.#writeDeadline;
    return new Promise<void>((resolve, reject) => {
      let waiter: Waiter;
      if (signal === undefined && deadline === undefined) {
        waiter = { resolve, reject };
      } else {
        const onAbort = () => this.destroy(new FtpAbortError(signal?.reason));
        const cleanup = () => {
          deadline?.disarm();
          signal?.removeEventListener("abort", onAbort);
        };
        waiter = {
          resolve() {
            cleanup();
            resolve();
          },
          reject(error) {
            cleanup();
            reject(error);
          },
        };
        deadline?.arm();
        signal?.addEventListener("abort", onAbort, { once: true });
      }
      if (direction === "read") {
        this.#reader = waiter;
        // The caller needs more than is buffered: let data flow even past the mark.
        if (this.#paused) {
          this.#paused = false;
          this.#socket.resume();
        }
      } else {
        this.#drainWaiters.push(waiter);
      }
    });
  }

  /** An already fired signal tears the stream down like one firing during a wait. */
  #abortedError(signal: AbortSignal | undefined): Error | undefined {
    if (!signal?.aborted) return undefined;
    const error = new FtpAbortError(signal.reason);
    this.destroy(error);
    return error;
  }

  /** Waits until more data, the end of the stream or an error arrives. */
  #waitForData(signal: AbortSignal | undefined): Promise<void> {
    if (this.#reader !== undefined) {
      return Promise.reject(new Error("StreamIO: concurrent reads are not supported"));
    }
    return this.#wait("read", signal);
  }

  /**
   * With `count`: resolves with 1 to `count` bytes as soon as any are available (a received
   * chunk or a view into one, never a copy). Without: reads until the end of the stream. An
   * empty Buffer means end of stream.
   */
  read(count?: number, options: CallOptions = {}): Promise<Buffer> {
    const aborted = this.#abortedError(options.signal);
    if (aborted) return Promise.reject(aborted);
    if (count === undefined || count < 0) return this.#readAll(options.signal);
    if (count === 0) return Promise.resolve(EMPTY);
    if (this.#queue.length > 0) return Promise.resolve(this.#take(count));
    return this.#readSome(count, options.signal);
  }

  async #readSome(count: number, signal: AbortSignal | undefined): Promise<Buffer> {
    while (this.#queue.length === 0) {
      if (this.#error) throw this.#error;
      if (this.#ended) return EMPTY;
      await this.#waitForData(signal);
    }
    return this.#take(count);
  }

  async #readAll(signal: AbortSignal | undefined): Promise<Buffer> {
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      total += this.#queue.moveTo(parts);
      this.#consumed();
      if (this.#error) throw this.#error;
      if (this.#ended) break;
      await this.#waitForData(signal);
    }
    if (parts.length === 1) return parts[0] as Buffer;
    return total === 0 ? EMPTY : Buffer.concat(parts, total);
  }

  /** Resolves with exactly `count` bytes, or rejects with `EarlyEofError`. */
  async readExactly(count: number, options: CallOptions = {}): Promise<Buffer> {
    const aborted = this.#abortedError(options.signal);
    if (aborted) throw aborted;
    while (this.#queue.length < count) {
      if (this.#error) throw this.#error;
      if (this.#ended) throw new EarlyEofError(count, this.#takeAll());
      await this.#waitForData(options.signal);
    }
    return this.#takeExactly(count);
  }

  /**
   * Resolves with the next line without its CRLF or LF, or `null` at the end of the stream
   * (a last line without terminator is returned as a line). A line longer than
   * `maxLineLength` is discarded up to its end and `LineTooLongError` is thrown: the next
   * call returns the following line. Memory stays bounded by the limit.
   */
  async readLine(options: CallOptions = {}): Promise<Buffer | null> {
    const aborted = this.#abortedError(options.signal);
    if (aborted) throw aborted;
    const limit = this.maxLineLength;
    for (;;) {
      const index = this.#queue.indexOf(LF, this.#scanned);
      if (index !== -1) {
        const raw = this.#takeExactly(index + 1);
        if (this.#discardingLine) {
          this.#discardingLine = false;
          throw new LineTooLongError(limit);
        }
        let end = raw.length - 1;
        if (end > 0 && raw[end - 1] === CR) end--;
        if (end > limit) throw new LineTooLongError(limit);
        return raw.subarray(0, end);
      }
      this.#scanned = this.#queue.length;
      if (this.#queue.length > limit + 1) {
        // Keep memory bounded: drop what we have and skip to the end of this line.
        this.#queue.clear();
        this.#consumed();
        this.#discardingLine = true;
      }
      if (this.#error) throw this.#error;
      if (this.#ended) {
        this.#scanned = 0;
        if (this.#discardingLine) {
          this.#discardingLine = false;
          throw new LineTooLongError(limit);
        }
        if (this.#queue.length === 0) return null;
        const rest = this.#takeAll();
        if (rest.length > limit) throw new LineTooLongError(limit);
        return rest;
      }
      await this.#waitForData(options.signal);
    }
  }

  /**
   * Writes `data`; resolves once the socket accepted it without exceeding its buffer
   * (after a `drain` when needed). Buffers are handed to the socket without copying, so do
   * not modify one before its write resolved. Strings are sent as UTF-8.
   */
  write(data: Uint8Array | string, options: CallOptions = {}): Promise<void> {
    const aborted = this.#abortedError(options.signal);
    if (aborted) return Promise.reject(aborted);
    if (this.#error) return Promise.reject(this.#error);
    const socket = this.#socket;
    if (socket.destroyed || socket.writableEnded) {
      return Promise.reject(new ConnectionClosedError("Cannot write: the connection is closed"));
    }
    try {
      if (socket.write(data)) return RESOLVED;
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#wait("write", options.signal);
  }

  /**
   * Ends the stream gracefully (FIN; on TLS a close_notify first) and resolves once the
   * socket is closed. Data still arriving is discarded. If the peer does not close within
   * the write timeout (or 10 s), the socket is destroyed.
   */
  async close(): Promise<void> {
    const socket = this.#socket;
    if (!socket.destroyed) {
      this.#closing = true;
      this.#queue.clear();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => socket.destroy(), this.writeTimeout ?? 10_000);
        socket.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
        if (this.#paused) {
          this.#paused = false;
          socket.resume();
        }
        socket.end();
      });
    }
    this.#readDeadline?.clear();
    this.#writeDeadline?.clear();
  }

  /** Destroys the socket at once; pending calls reject with `error` (or a closed error). */
  destroy(error?: Error): void {
    this.#error ??= error ?? new ConnectionClosedError("Connection destroyed");
    this.#socket.destroy();
    this.#readDeadline?.clear();
    this.#writeDeadline?.clear();
    this.#failWaiters(this.#error);
  }

  /**
   * Upgrades the live socket to TLS in place: client side by default, server side with
   * `isServer: true` (then `key`/`cert` or a `secureContext` are required). Resolves with the
   * TLS socket once the handshake completed; a handshake slower than `handshakeTimeout`
   * (default: the write timeout) destroys the socket and rejects with `FtpTimeoutError`
   * (`phase` `"tls"`). Refuses while unread plaintext is buffered (it would be lost).
   */
  async startTls(
    options: StartTlsOptions,
    callOptions: CallOptions & { handshakeTimeout?: number | undefined } = {},
  ): Promise<tls.TLSSocket> {
    if (this.#error) throw this.#error;
    if (this.#queue.length > 0) {
      throw new ConnectionClosedError("Cannot start TLS: the peer sent data before the handshake");
    }
    const { signal } = callOptions;
    const timeout =
      validTimeout("handshakeTimeout", callOptions.handshakeTimeout) ?? this.writeTimeout;
    if (signal?.aborted) {
      const error = new FtpAbortError(signal.reason);
      this.destroy(error);
      throw error;
    }
    const plain = this.#socket;
    this.#detach();
    if (this.#paused) {
      this.#paused = false;
      plain.resume();
    }
    let secure: tls.TLSSocket;
    if (options.isServer) {
      const { isServer: _server, ...rest } = options;
      const secureContext = rest.secureContext ?? tls.createSecureContext(rest);
      secure = new tls.TLSSocket(plain, { ...rest, isServer: true, secureContext });
    } else {
      const { isServer: _client, ...rest } = options;
      secure = tls.connect({ ...rest, socket: plain });
    }
    this.#socket = secure;
    this.#ended = false;
    this.#attach(secure);
    await awaitSocketEvent(secure, options.isServer ? "secure" : "secureConnect", {
      timeout,
      signal,
      phase: "tls",
      closedMessage: "Connection closed during TLS handshake",
      onFail: (error) => {
        this.destroy(error);
        return this.#error ?? error;
      },
    });
    return secure;
  }

  /** Iterates blocks of up to `size` bytes (8192 by default) until the end of the stream. */
  iterByBlock(
    size: number = DEFAULT_BLOCK_SIZE,
    options: CallOptions = {},
  ): AsyncIterableIterator<Buffer, undefined> {
    return iterate(() => this.read(size, options), isEmpty);
  }

  /** Iterates lines (without terminators; an empty line is a zero-length Buffer) until EOF. */
  iterByLine(options: CallOptions = {}): AsyncIterableIterator<Buffer, undefined> {
    return iterate(() => this.readLine(options), isNull);
  }

  /** Iterates whatever arrives, chunk by chunk (up to 64 KiB), until the end of the stream. */
  [Symbol.asyncIterator](): AsyncIterableIterator<Buffer, undefined> {
    return this.iterByBlock(64 * 1024);
  }

  /** `await using io = new StreamIO(socket)` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
