import type net from "node:net";
import { Readable } from "node:stream";
import { debuglog } from "node:util";
import { Code, FtpError, type Reply, StatusCodeError } from "@ftp/protocol";
import type { StreamThrottle } from "@ftp/stream";
import type { Release } from "./command-queue.js";
import type { ControlConnection } from "./control-connection.js";
import { withDeadline } from "./deadline.js";
import { closedError } from "./errors.js";
import type { ProgressTracker } from "./progress.js";
import { resyncAfterAbort } from "./resync.js";
import { SocketReader } from "./socket-reader.js";

const debug = debuglog("ftp");

/** What a data stream needs from the client that opened it. */
export interface DataStreamContext {
  control: ControlConnection;
  /** Gives the client's command queue back; called exactly once when the stream settles. */
  release: Release;
  /** Closes the client when the control connection cannot be brought back in sync. */
  desync: (error: Error) => void;
  replyTimeout: number | undefined;
  idleTimeout: number | undefined;
  throttle: StreamThrottle | undefined;
  progress: ProgressTracker | undefined;
  /** NOOP interval (ms) while the transfer runs; 0/undefined = off. */
  keepAlive: number | undefined;
  /** The reply that ended the transfer when it came with (instead of) the 1xx. */
  finalReply?: Reply | undefined;
  /** The transfer command, for error messages. */
  command: string;
  /** For downloads: the reader the socket was created with (`onread`), if any. */
  reader?: SocketReader | undefined;
  /** For downloads: chunks are valid until the next read (see `StreamOptions.reuseBuffers`). */
  reuseBuffers?: boolean | undefined;
}

/** Where a data stream is in its life. */
export type DataStreamState = "open" | "finishing" | "finished" | "aborting" | "aborted" | "failed";

/** Options of calls on a data stream. */
export interface DataStreamCallOptions {
  signal?: AbortSignal;
}

const OK = [new Code("226"), new Code("250")];

/**
 * One data transfer (RETR, STOR, APPE, LIST, ...). Holds the client's command queue until it
 * is finished or aborted, so other calls on the client wait their turn.
 *
 * Download streams are async iterables of `Buffer` chunks; leaving a `for await` loop early
 * aborts the transfer (ABOR), reaching the end finishes it. Upload streams take `write()`
 * calls and must end with `finish()`. `await using` disposes of either: finishing a fully
 * read download, aborting anything else.
 */
export class DataStream implements AsyncIterable<Buffer>, AsyncDisposable {
  readonly #socket: net.Socket;
  readonly #reader: SocketReader | undefined;
  readonly #context: DataStreamContext;
  readonly #mode: "read" | "write";
  #state: DataStreamState = "open";
  #result: Promise<Reply> | undefined;
  #aborting: Promise<void> | undefined;
  #pendingNoops = 0;
  #keepAliveTimer: NodeJS.Timeout | undefined;
  #bytes = 0;

  /** @internal Created by `Client`; use `downloadStream`, `uploadStream`, `appendStream`. */
  constructor(socket: net.Socket, mode: "read" | "write", context: DataStreamContext) {
    this.#socket = socket;
    this.#mode = mode;
    this.#context = context;
    if (mode === "read") {
      this.#reader = context.reader ?? new SocketReader();
      this.#reader.reuse = context.reuseBuffers === true;
      this.#reader.attach(socket);
    } else {
      socket.on("error", () => {});
      socket.on("data", () => {});
      socket.resume();
    }
    if (context.keepAlive && context.keepAlive > 0) {
      this.#keepAliveTimer = setInterval(() => this.#noop(), context.keepAlive);
      this.#keepAliveTimer.unref();
    }
  }

  /** Where the stream is in its life. */
  get state(): DataStreamState {
    return this.#state;
  }

  /** Bytes moved over the data connection so far. */
  get bytes(): number {
    return this.#bytes;
  }

  #noop(): void {
    if (this.#state !== "open") return;
    try {
      this.#context.control.send("NOOP");
      this.#pendingNoops++;
    } catch {
      // the control connection is gone; the transfer's end will report it
    }
  }

  #stopKeepAlive(): void {
    if (this.#keepAliveTimer) clearInterval(this.#keepAliveTimer);
    this.#keepAliveTimer = undefined;
  }

  #assertOpen(what: string): void {
    if (this.#state !== "open")
      throw closedError(`cannot ${what}: the data stream is ${this.#state}`);
  }

  /**
   * Reads the next chunk (at most `count` bytes when given). Resolves with an empty `Buffer`
   * at the end of the data.
   */
  async read(count?: number, options: DataStreamCallOptions = {}): Promise<Buffer> {
    if (this.#mode !== "read" || !this.#reader) throw new TypeError("not a download stream");
    if (this.#state === "finished" || (this.#reader.done && this.#state === "finishing"))
      return Buffer.alloc(0);
    this.#assertOpen("read");
    const { signal } = options;
    try {
      const throttle = this.#context.throttle?.read;
      if (throttle?.limit) await throttle.wait(signal ? { signal } : {});
      const start = throttle ? throttle.clock.now() : 0;
      const chunk = await this.#reader.read(count, this.#context.idleTimeout, signal);
      if (chunk === null) return Buffer.alloc(0);
      if (throttle?.limit) throttle.append(chunk.length, start);
      this.#bytes += chunk.length;
      this.#context.progress?.add(chunk.length);
      return chunk;
    } catch (error) {
      await this.#serverCutShort(error);
      this.#abortInBackground(error);
      throw error;
    }
  }

  /**
   * When the server dropped the data connection (reset, not a clean end), its reply says
   * why (451, 426, 552...): read it and reject with it instead of sending ABOR.
   */
  async #serverCutShort(error: unknown): Promise<void> {
    if (
      this.#state !== "open" ||
      !(error instanceof FtpError) ||
      error.code !== "ERR_FTP_CONNECTION_CLOSED"
    )
      return;
    this.#state = "failed";
    this.#stopKeepAlive();
    this.#result = this.#refusal(error);
    this.#result.catch(() => {});
    await this.#result;
  }

  /** Writes `data` to the data connection; resolves when the socket accepted it. */
  async write(data: Uint8Array | string, options: DataStreamCallOptions = {}): Promise<void> {
    if (this.#mode !== "write") throw new TypeError("not an upload stream");
    this.#assertOpen("write");
    const { signal } = options;
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    try {
      const throttle = this.#context.throttle?.write;
      if (throttle?.limit) await throttle.wait(signal ? { signal } : {});
      const start = throttle ? throttle.clock.now() : 0;
      await this.#writeRaw(bytes, signal);
      if (throttle?.limit) throttle.append(bytes.length, start);
      this.#bytes += bytes.length;
      this.#context.progress?.add(bytes.length);
    } catch (error) {
      await this.#serverCutShort(error);
      this.#abortInBackground(error);
      throw error;
    }
  }

  /** Reads the reply of a transfer the server cut short; rejects with it (or `cause`). */
  async #refusal(cause: Error): Promise<never> {
    const context = this.#context;
    try {
      await this.#finalReply();
      await this.#drainNoops();
    } catch (error) {
      if (!(error instanceof StatusCodeError))
        context.desync(error instanceof Error ? error : new Error(String(error)));
      else await this.#drainNoops().catch(() => {});
      throw error;
    } finally {
      this.#socket.destroy();
      context.progress?.end();
      context.release();
    }
    throw cause;
  }

  #writeRaw(bytes: Uint8Array, signal: AbortSignal | undefined): Promise<void> {
    const socket = this.#socket;
    if (socket.destroyed) return Promise.reject(closedError("the data connection is closed"));
    if (socket.write(bytes)) return Promise.resolve();
    const drained = new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        socket.off("close", onClose);
        resolve();
      };
      const onClose = () => {
        socket.off("drain", onDrain);
        reject(closedError("the server closed the data connection during the upload"));
      };
      socket.once("drain", onDrain);
      socket.once("close", onClose);
    });
    return withDeadline(drained, {
      timeout: this.#context.idleTimeout,
      phase: "idle",
      what: "writing to the data connection",
      signal,
    });
  }

  /** Chunks of at most `size` bytes until the end of the data; then finishes the transfer. */
  async *iterByBlock(size?: number): AsyncGenerator<Buffer, void, undefined> {
    let completed = false;
    try {
      for (;;) {
        const chunk = await this.read(size);
        if (chunk.length === 0) break;
        yield chunk;
      }
      completed = true;
      await this.finish();
    } finally {
      if (!completed && this.#state === "open") await this.abort();
    }
  }

  /** Lines (LF or CRLF removed) until the end of the data; then finishes the transfer. */
  async *iterByLine(): AsyncGenerator<Buffer, void, undefined> {
    let rest: Buffer = Buffer.alloc(0);
    for await (const chunk of this.iterByBlock()) {
      let data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      let newline = data.indexOf(10);
      while (newline >= 0) {
        const end = newline > 0 && data[newline - 1] === 13 ? newline - 1 : newline;
        yield data.subarray(0, end);
        data = data.subarray(newline + 1);
        newline = data.indexOf(10);
      }
      rest = Buffer.from(data);
    }
    if (rest.length > 0) yield rest;
  }

  /** Same as `iterByBlock()`: chunks as they arrive. */
  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return this.iterByBlock();
  }

  /** A Node `Readable` of the download; destroying it early aborts the transfer. */
  toReadable(): Readable {
    const blocks = this.iterByBlock();
    if (this.#context.reuseBuffers) {
      // a Readable keeps chunks in its buffer: give it copies the stream will not overwrite
      return Readable.from(
        (async function* () {
          for await (const chunk of blocks) yield Buffer.from(chunk);
        })(),
        { objectMode: false },
      );
    }
    return Readable.from(blocks, { objectMode: false });
  }

  /**
   * Completes the transfer: a download reads (and discards) whatever data is left, an upload
   * ends its data connection (TLS close_notify, then FIN) and waits until the server closed it.
   * Then reads the server's final reply (2xx). Calling it again returns the same reply.
   */
  finish(options: DataStreamCallOptions = {}): Promise<Reply> {
    if (this.#result) return this.#result;
    if (this.#state !== "open")
      return Promise.reject(closedError(`the data stream is ${this.#state}`));
    this.#state = "finishing";
    this.#stopKeepAlive();
    this.#result = this.#finish(options.signal);
    this.#result.catch(() => {});
    return this.#result;
  }

  async #finish(signal: AbortSignal | undefined): Promise<Reply> {
    const context = this.#context;
    try {
      if (this.#reader) {
        while ((await this.#reader.read(undefined, context.idleTimeout, signal)) !== null) {
          // the caller finished early: discard the rest of the data
        }
        this.#socket.destroy();
      } else {
        await this.#endUpload(signal);
      }
      const reply = await this.#finalReply();
      await this.#drainNoops();
      this.#state = "finished";
      return reply;
    } catch (error) {
      this.#state = "failed";
      this.#socket.destroy();
      if (!(error instanceof StatusCodeError)) {
        context.desync(error instanceof Error ? error : new Error(String(error)));
      } else {
        await this.#drainNoops().catch((drainError: unknown) =>
          context.desync(drainError instanceof Error ? drainError : new Error(String(drainError))),
        );
      }
      throw error;
    } finally {
      context.progress?.end();
      context.release();
    }
  }

  async #endUpload(signal: AbortSignal | undefined): Promise<void> {
    const socket = this.#socket;
    if (socket.destroyed) return;
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.end();
    try {
      await withDeadline(closed, {
        timeout: this.#context.idleTimeout,
        phase: "idle",
        what: "waiting for the server to close the data connection",
        signal,
      });
    } finally {
      socket.destroy();
    }
  }

  async #finalReply(): Promise<Reply> {
    const context = this.#context;
    let reply = context.finalReply;
    context.finalReply = undefined;
    while (!reply) {
      const next = await context.control.readReply(`waiting for the end of ${context.command}`);
      if (next.code.matches("1xx")) continue;
      if (next.code.value === "200" && this.#pendingNoops > 0) {
        this.#pendingNoops--;
        continue;
      }
      reply = next;
    }
    if (!reply.code.matches("2xx")) throw new StatusCodeError(OK, [reply.code], reply.lines);
    return reply;
  }

  async #drainNoops(): Promise<void> {
    while (this.#pendingNoops > 0) {
      await this.#context.control.readReply("reading NOOP replies");
      this.#pendingNoops--;
    }
  }

  /**
   * Stops the transfer: closes the data connection, sends ABOR and reads every reply the
   * server sends for the transfer and the ABOR (426, 226, 225 as servers send them), using a
   * NOOP as the marker that the control connection is back in sync. If it cannot get back in
   * sync it closes the client with a clear error.
   */
  abort(): Promise<void> {
    if (this.#aborting) return this.#aborting;
    if (this.#state === "finished" || this.#state === "failed" || this.#state === "aborted")
      return Promise.resolve();
    if (this.#state === "finishing" && this.#result)
      return this.#result.then(
        () => {},
        () => {},
      );
    this.#state = "aborting";
    this.#stopKeepAlive();
    this.#aborting = this.#abort();
    return this.#aborting;
  }

  async #abort(): Promise<void> {
    const context = this.#context;
    this.#socket.destroy();
    try {
      if (context.finalReply) {
        // the transfer already ended on the server side; nothing to abort
        context.finalReply = undefined;
        await this.#drainNoops();
      } else {
        await resyncAfterAbort(context.control, this.#pendingNoops, context.replyTimeout);
        this.#pendingNoops = 0;
      }
      this.#state = "aborted";
    } catch (error) {
      this.#state = "failed";
      const reason = closedError(
        `could not bring the control connection back in sync after aborting ${context.command}`,
        error,
      );
      context.desync(reason);
      throw reason;
    } finally {
      context.progress?.end();
      context.release();
    }
  }

  #abortInBackground(cause: unknown): void {
    if (this.#state !== "open") return;
    debug("aborting %s after: %s", this.#context.command, String(cause));
    this.abort().catch(() => {});
  }

  /** `await using`: finishes a fully read download, aborts anything else. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#state === "finishing" && this.#result) {
      await this.#result.catch(() => {});
      return;
    }
    if (this.#state !== "open") {
      if (this.#aborting) await this.#aborting.catch(() => {});
      return;
    }
    if (this.#reader?.done) await this.finish();
    else await this.abort();
  }
}
