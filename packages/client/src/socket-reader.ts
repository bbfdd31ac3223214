import type net from "node:net";
import { withDeadline } from "./deadline.js";
import { closedError } from "./errors.js";

/**
 * Pull-style reading from a socket with backpressure: chunks are buffered up to
 * `highWaterMark` bytes, then the socket is paused until the reader catches up.
 */
export class SocketReader {
  readonly #socket: net.Socket;
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #ended = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  readonly #highWaterMark: number;

  constructor(socket: net.Socket, highWaterMark = 1024 * 1024) {
    this.#socket = socket;
    this.#highWaterMark = highWaterMark;
    socket.on("data", (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#size += chunk.length;
      if (this.#size >= this.#highWaterMark) socket.pause();
      this.#notify();
    });
    socket.once("end", () => {
      this.#ended = true;
      this.#notify();
    });
    socket.on("error", (error: Error) => {
      this.#error ??= closedError(`data connection failed: ${error.message}`, error);
      this.#notify();
    });
    socket.once("close", () => {
      if (!this.#ended) this.#error ??= closedError("the data connection closed before its end");
      this.#notify();
    });
    // an empty transfer may have ended (and closed) before anyone listened
    if (socket.readableEnded) this.#ended = true;
    else if (socket.destroyed)
      this.#error ??= closedError("the data connection closed before its end");
    socket.resume();
  }

  /** True once the peer ended the stream and every buffered byte was read. */
  get done(): boolean {
    return this.#ended && this.#chunks.length === 0;
  }

  /** True once the peer sent its end (FIN / close_notify). */
  get ended(): boolean {
    return this.#ended;
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /**
   * The next chunk (at most `max` bytes when given), or `null` at the end of the stream.
   * Rejects on a socket error, an idle timeout (`timeout` ms without data) or `signal`.
   */
  async read(
    max: number | undefined,
    timeout: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Buffer | null> {
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk) {
        let result = chunk;
        if (max !== undefined && chunk.length > max) {
          result = chunk.subarray(0, max);
          this.#chunks.unshift(chunk.subarray(max));
        }
        this.#size -= result.length;
        if (this.#size < this.#highWaterMark && this.#socket.isPaused()) this.#socket.resume();
        return result;
      }
      if (this.#ended) return null;
      if (this.#error) throw this.#error;
      const arrived = new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      try {
        await withDeadline(arrived, {
          timeout,
          phase: "idle",
          what: "reading the data connection",
          signal,
        });
      } catch (error) {
        this.#wake = undefined;
        throw error;
      }
    }
  }
}
