import type net from "node:net";
import tls from "node:tls";
import { DEFAULT_BLOCK_SIZE, DEFAULT_MAX_LINE_LENGTH } from "@ftp/protocol";
import {
  ConnectionClosedError,
  EarlyEofError,
  FtpAbortError,
  FtpTimeoutError,
  LineTooLongError,
} from "./errors.js";

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

/** Options of {@link StreamIO.startTls}. */
export type StartTlsOptions =
  | (tls.ConnectionOptions & { isServer?: false })
  | (tls.TlsOptions & { isServer: true });

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

function validTimeout(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a positive number of milliseconds, got ${value}`);
  }
  return value;
}

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
 * consumes it, so a slow consumer keeps memory flat. Calls of one direction must not overlap
 * (one read at a time, one write at a time), like any stream.
 *
 * A timeout or an abort destroys the socket: after it the stream is unusable, and no listener
 * or timer is left behind.
 */
export class StreamIO implements AsyncIterable<Buffer> {
  readonly readTimeout: number | undefined;
  readonly writeTimeout: number | undefined;
  readonly maxLineLength: number;
  readonly highWaterMark: number;
  #socket: net.Socket;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #ended = false;
  #error: Error | undefined;
  #readWaiter: Waiter | undefined;
  #drainWaiter: Waiter | undefined;
  #paused = false;
  #discardingLine = false;
  #detach: () => void = () => {};

  constructor(socket: net.Socket, options: StreamIOOptions = {}) {
    const timeout = validTimeout("timeout", options.timeout);
    this.readTimeout = validTimeout("readTimeout", options.readTimeout) ?? timeout;
    this.writeTimeout = validTimeout("writeTimeout", options.writeTimeout) ?? timeout;
    this.maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    this.highWaterMark = options.highWaterMark ?? 1024 * 1024;
    if (!(this.maxLineLength > 0)) throw new RangeError("maxLineLength must be positive");
    if (!(this.highWaterMark > 0)) throw new RangeError("highWaterMark must be positive");
    this.#socket = socket;
    this.#attach(socket);
  }

  /** The current socket (a `tls.TLSSocket` after {@link startTls}). */
  get socket(): net.Socket {
    return this.#socket;
  }

  /** True once the peer ended the stream and every buffered byte was read. */
  get ended(): boolean {
    return this.#ended && this.#buffered === 0;
  }

  /** Bytes received and not yet read. */
  get buffered(): number {
    return this.#buffered;
  }

  #attach(socket: net.Socket): void {
    const onData = (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
      if (this.#buffered >= this.highWaterMark && !this.#paused) {
        this.#paused = true;
        socket.pause();
      }
      this.#wakeReader();
    };
    const onEnd = () => {
      this.#ended = true;
      this.#wakeReader();
    };
    const onError = (error: Error) => {
      this.#error ??= error;
      this.#wakeReader();
      this.#wakeDrain(error);
    };
    const onClose = () => {
      this.#ended = true;
      this.#wakeReader();
      this.#wakeDrain(this.#error ?? new ConnectionClosedError("Connection closed while writing"));
    };
    const onDrain = () => this.#wakeDrain();
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
    const waiter = this.#readWaiter;
    if (waiter) {
      this.#readWaiter = undefined;
      waiter.resolve();
    }
  }

  #wakeDrain(error?: Error): void {
    const waiter = this.#drainWaiter;
    if (waiter) {
      this.#drainWaiter = undefined;
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }

  /** Takes up to `count` buffered bytes without copying whole chunks. */
  #take(count: number): Buffer {
    const first = this.#chunks[0];
    if (!first) return EMPTY;
    if (first.length <= count) {
      this.#chunks.shift();
      this.#consumed(first.length);
      return first;
    }
    this.#chunks[0] = first.subarray(count);
    this.#consumed(count);
    return first.subarray(0, count);
  }

  /** Takes exactly `count` bytes (count <= buffered), concatenating when it spans chunks. */
  #takeExactly(count: number): Buffer {
    const first = this.#chunks[0];
    if (first && first.length >= count) return this.#take(count);
    const out = Buffer.allocUnsafe(count);
    let offset = 0;
    while (offset < count) {
      const piece = this.#take(count - offset);
      piece.copy(out, offset);
      offset += piece.length;
    }
    return out;
  }

  #takeAll(): Buffer {
    const all = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
    this.#chunks = [];
    this.#consumed(this.#buffered);
    return all;
  }

  #consumed(count: number): void {
    this.#buffered -= count;
    if (this.#paused && this.#buffered < this.highWaterMark) {
      this.#paused = false;
      this.#socket.resume();
    }
  }

  #failIfErrored(): void {
    if (this.#error) throw this.#error;
  }

  /**
   * Waits until more data, the end of the stream or an error arrives, honouring the read
   * timeout and `signal` (both destroy the socket).
   */
  #waitForData(signal: AbortSignal | undefined): Promise<void> {
    if (this.#readWaiter) {
      return Promise.reject(new Error("StreamIO: concurrent reads are not supported"));
    }
    return this.#wait(
      (waiter) => {
        this.#readWaiter = waiter;
      },
      () => {
        this.#readWaiter = undefined;
      },
      "read",
      this.readTimeout,
      signal,
    );
  }

  #wait(
    register: (waiter: Waiter) => void,
    unregister: () => void,
    phase: "read" | "write",
    timeout: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (signal?.aborted) {
      const error = new FtpAbortError(signal.reason);
      this.destroy(error);
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const fail = (error: Error) => {
        cleanup();
        unregister();
        this.destroy(error);
        reject(error);
      };
      const onAbort = () => fail(new FtpAbortError(signal?.reason));
      if (timeout !== undefined) {
        timer = setTimeout(() => fail(new FtpTimeoutError(phase, timeout)), timeout);
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      register({
        resolve: () => {
          cleanup();
          resolve();
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
      });
    });
  }

  /**
   * With `count`: resolves with 1 to `count` bytes as soon as any are available.
   * Without: reads until the end of the stream. An empty Buffer means end of stream.
   */
  async read(count?: number, options: CallOptions = {}): Promise<Buffer> {
    if (count === undefined || count < 0) {
      while (!this.#ended) {
        this.#failIfErrored();
        await this.#waitForData(options.signal);
      }
      this.#failIfErrored();
      return this.#takeAll();
    }
    if (count === 0) return EMPTY;
    while (this.#buffered === 0) {
      this.#failIfErrored();
      if (this.#ended) return EMPTY;
      await this.#waitForData(options.signal);
    }
    return this.#take(count);
  }

  /** Resolves with exactly `count` bytes, or rejects with `EarlyEofError`. */
  async readExactly(count: number, options: CallOptions = {}): Promise<Buffer> {
    while (this.#buffered < count) {
      this.#failIfErrored();
      if (this.#ended) throw new EarlyEofError(count, this.#takeAll());
      await this.#waitForData(options.signal);
    }
    return this.#takeExactly(count);
  }

  /** Finds LF in the buffered chunks; returns its absolute offset or -1. */
  #indexOfLf(): number {
    let base = 0;
    for (const chunk of this.#chunks) {
      const index = chunk.indexOf(LF);
      if (index !== -1) return base + index;
      base += chunk.length;
    }
    return -1;
  }

  /**
   * Resolves with the next line without its CRLF or LF, or `null` at the end of the stream
   * (a last line without terminator is returned as a line). A line longer than
   * `maxLineLength` is discarded up to its end and `LineTooLongError` is thrown: the next
   * call returns the following line.
   */
  async readLine(options: CallOptions = {}): Promise<Buffer | null> {
    for (;;) {
      const index = this.#indexOfLf();
      if (index !== -1) {
        const raw = this.#takeExactly(index + 1);
        if (this.#discardingLine) {
          this.#discardingLine = false;
          throw new LineTooLongError(this.maxLineLength);
        }
        let end = raw.length - 1;
        if (end > 0 && raw[end - 1] === CR) end--;
        if (end > this.maxLineLength) throw new LineTooLongError(this.maxLineLength);
        return raw.subarray(0, end);
      }
      if (this.#buffered > this.maxLineLength + 1) {
        // Keep memory bounded: drop what we have and skip to the end of this line.
        this.#takeAll();
        this.#discardingLine = true;
      }
      this.#failIfErrored();
      if (this.#ended) {
        if (this.#discardingLine) {
          this.#discardingLine = false;
          throw new LineTooLongError(this.maxLineLength);
        }
        if (this.#buffered === 0) return null;
        const rest = this.#takeAll();
        if (rest.length > this.maxLineLength) throw new LineTooLongError(this.maxLineLength);
        return rest;
      }
      await this.#waitForData(options.signal);
    }
  }

  /**
   * Writes `data`; resolves once the socket accepted it without exceeding its buffer
   * (after a `drain` when needed). Buffers are passed to the socket without copying.
   */
  async write(data: Uint8Array | string, options: CallOptions = {}): Promise<void> {
    this.#failIfErrored();
    const socket = this.#socket;
    if (socket.destroyed || socket.writableEnded) {
      throw new ConnectionClosedError("Cannot write: the connection is closed");
    }
    if (socket.write(data)) return;
    await this.#wait(
      (waiter) => {
        this.#drainWaiter = waiter;
      },
      () => {
        this.#drainWaiter = undefined;
      },
      "write",
      this.writeTimeout,
      options.signal,
    );
  }

  /**
   * Ends the stream gracefully (FIN; on TLS a close_notify first) and resolves once the
   * socket is closed. If the peer does not close within the write timeout (or 10 s), the
   * socket is destroyed.
   */
  async close(): Promise<void> {
    const socket = this.#socket;
    if (socket.destroyed) {
      this.#detach();
      return;
    }
    await new Promise<void>((resolve) => {
      const limit = this.writeTimeout ?? 10_000;
      const timer = setTimeout(() => socket.destroy(), limit);
      socket.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      // Unread data would keep the peer's FIN from being seen: keep consuming.
      if (this.#paused) {
        this.#paused = false;
        socket.resume();
      }
      socket.end();
    });
    this.#detach();
  }

  /** Destroys the socket at once; pending calls reject with `error` (or a closed error). */
  destroy(error?: Error): void {
    this.#error ??= error ?? new ConnectionClosedError("Connection destroyed");
    this.#socket.destroy();
    this.#wakeReader();
    this.#wakeDrain(this.#error);
  }

  /**
   * Upgrades the live socket to TLS in place: client side by default, server side with
   * `isServer: true` (then `key`/`cert` or a `secureContext` are required). Resolves once the
   * handshake completed; a handshake slower than `handshakeTimeout` (default: the write
   * timeout) destroys the socket and rejects with `FtpTimeoutError` (`phase` `"tls"`).
   */
  async startTls(
    options: StartTlsOptions,
    callOptions: CallOptions & { handshakeTimeout?: number } = {},
  ): Promise<tls.TLSSocket> {
    if (this.#buffered > 0) {
      throw new Error("StreamIO.startTls: unread plaintext is buffered; refusing to upgrade");
    }
    const plain = this.#socket;
    this.#detach();
    if (this.#paused) {
      this.#paused = false;
      plain.resume();
    }
    const timeout = callOptions.handshakeTimeout ?? this.writeTimeout;
    const { signal } = callOptions;
    let secure: tls.TLSSocket;
    let ready: string;
    if (options.isServer) {
      const { isServer: _server, ...rest } = options;
      secure = new tls.TLSSocket(plain, {
        ...rest,
        isServer: true,
        secureContext: rest.secureContext ?? tls.createSecureContext(rest),
      });
      ready = "secure";
    } else {
      const { isServer: _client, ...rest } = options;
      secure = tls.connect({ ...rest, socket: plain });
      ready = "secureConnect";
    }
    this.#socket = secure;
    this.#ended = false;
    this.#attach(secure);
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        secure.off(ready, onReady);
        secure.off("error", onError);
        secure.off("close", onClose);
      };
      const fail = (error: Error) => {
        cleanup();
        this.destroy(error);
        reject(error);
      };
      const onReady = () => {
        cleanup();
        resolve();
      };
      const onError = (error: Error) => fail(error);
      const onClose = () =>
        fail(new ConnectionClosedError("Connection closed during TLS handshake"));
      const onAbort = () => fail(new FtpAbortError(signal?.reason));
      if (signal?.aborted) return onAbort();
      if (timeout !== undefined) {
        timer = setTimeout(() => fail(new FtpTimeoutError("tls", timeout)), timeout);
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      secure.once(ready, onReady);
      secure.on("error", onError);
      secure.once("close", onClose);
    });
    return secure;
  }

  /** Iterates blocks of up to `size` bytes until the end of the stream. */
  async *iterByBlock(size = DEFAULT_BLOCK_SIZE, options: CallOptions = {}): AsyncGenerator<Buffer> {
    for (;;) {
      const block = await this.read(size, options);
      if (block.length === 0) return;
      yield block;
    }
  }

  /** Iterates lines (without terminators) until the end of the stream. */
  async *iterByLine(options: CallOptions = {}): AsyncGenerator<Buffer> {
    for (;;) {
      const line = await this.readLine(options);
      if (line === null) return;
      yield line;
    }
  }

  /** Iterates whatever arrives, block by block, until the end of the stream. */
  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return this.iterByBlock(64 * 1024);
  }

  /** `await using io = new StreamIO(socket)` closes it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
