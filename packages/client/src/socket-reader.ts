import type net from "node:net";
import { withDeadline } from "./deadline.js";
import { closedError } from "./errors.js";

/** Size of the memory blocks `onread` mode reads into; chunks are slices of them. */
const SLAB_SIZE = 1024 * 1024;
/** The first block of a transfer is small, so small files do not hold a whole slab. */
const FIRST_SLAB_SIZE = 64 * 1024;
/** A read is given at least this much room; below it a new block is started. */
const MIN_READ = 32 * 1024;

/** A block `onread` mode reads into, and how many of its chunks are still in use. */
interface Block {
  buffer: Buffer;
  /** Chunks of this block queued or lent to the caller. */
  outstanding: number;
  /** True once reads moved on to another block. */
  retired: boolean;
}

/**
 * Pull-style reading from a socket with backpressure: chunks are buffered up to
 * `highWaterMark` bytes, then the socket is paused until the reader catches up.
 *
 * Two ways to feed it: `reader.attach(socket)` alone listens to `data` events of any socket
 * (TLS, SOCKS, accepted). `net.connect({ onread: reader.onread })`, then `attach`, has the
 * kernel write plain TCP reads straight into consecutive slices of 1 MiB blocks, each read as
 * large as the room left (not Node's fixed 64 KiB), and hands those slices out without
 * copying: fewer syscalls, allocations and events per byte.
 *
 * With `reuse` set, a chunk is only valid until the next `read()`: blocks whose chunks were
 * all read are reused for later reads, so a long download touches the same few MiB of memory
 * instead of fresh memory (page faults, garbage collection) for every block.
 */
export class SocketReader {
  #socket: net.Socket | undefined;
  /** Chunks not read yet, with the block each lies in (`onread` mode). */
  readonly #queue: { chunk: Buffer; block: Block | undefined }[] = [];
  #size = 0;
  #ended = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  readonly #highWaterMark: number;
  #fed = false;
  /** True while reading is stopped because `highWaterMark` bytes wait to be read. */
  #paused = false;
  /** The block reads currently go into, and how much of it is filled. */
  #block: Block | undefined;
  #used = 0;
  /** Blocks ready for reuse (`reuse` mode). */
  readonly #free: Buffer[] = [];
  /** The block of the chunk the last `read()` returned (`reuse` mode). */
  #lent: Block | undefined;
  /**
   * Chunks stay valid only until the next `read()`; their memory is then reused. Set it
   * before the first read.
   */
  reuse = false;

  constructor(highWaterMark = 1024 * 1024) {
    this.#highWaterMark = highWaterMark;
  }

  /**
   * The `onread` option for `net.connect`: the socket then delivers its bytes here instead of
   * emitting `data`. Call `attach` with that socket afterwards.
   */
  get onread(): net.OnReadOpts {
    this.#fed = true;
    return {
      // called before every read: the free rest of the current block, or another block
      buffer: () => {
        let block = this.#block;
        if (!block || block.buffer.length - this.#used < MIN_READ) {
          if (block) {
            block.retired = true;
            this.#recycle(block);
          }
          block = this.#takeBlock();
          this.#block = block;
          this.#used = 0;
        }
        return block.buffer.subarray(this.#used);
      },
      callback: (count: number, buffer: Uint8Array) => {
        // `buffer` is the slice of the current block given for this read
        const block = this.#block as Block;
        this.#used += count;
        block.outstanding++;
        this.#push((buffer as Buffer).subarray(0, count), block);
        if (this.#size < this.#highWaterMark) return true;
        // false stops the handle reading; `socket.resume()` starts it again
        this.#paused = true;
        return false;
      },
    };
  }

  #takeBlock(): Block {
    const reused = this.#free.pop();
    if (reused) return { buffer: reused, outstanding: 0, retired: false };
    // small files never need more than the first, small block
    const size = this.#block === undefined ? FIRST_SLAB_SIZE : SLAB_SIZE;
    return { buffer: Buffer.allocUnsafe(size), outstanding: 0, retired: false };
  }

  #recycle(block: Block): void {
    if (this.reuse && block.retired && block.outstanding === 0) {
      block.retired = false; // the record is dropped; only the memory goes back
      this.#free.push(block.buffer);
    }
  }

  #push(chunk: Buffer, block?: Block): void {
    this.#queue.push({ chunk, block });
    this.#size += chunk.length;
    this.#notify();
  }

  /** Starts reading `socket` (the one created with `onread`, or any socket). */
  attach(socket: net.Socket): void {
    if (this.#socket) throw new Error("SocketReader is already attached");
    this.#socket = socket;
    if (!this.#fed) {
      socket.on("data", (chunk: Buffer) => {
        this.#push(chunk);
        if (this.#size >= this.#highWaterMark) {
          this.#paused = true;
          socket.pause();
        }
      });
    }
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
    if (!this.#paused) socket.resume();
  }

  /** True once the peer ended the stream and every buffered byte was read. */
  get done(): boolean {
    return this.#ended && this.#queue.length === 0;
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
    const lent = this.#lent;
    if (lent) {
      // the caller is done with the chunk it read last
      this.#lent = undefined;
      lent.outstanding--;
      this.#recycle(lent);
    }
    for (;;) {
      const next = this.#queue.shift();
      if (next) {
        const { chunk, block } = next;
        let result = chunk;
        if (max !== undefined && chunk.length > max) {
          result = chunk.subarray(0, max);
          this.#queue.unshift({ chunk: chunk.subarray(max), block });
          if (block) block.outstanding++;
        }
        if (block) {
          if (this.reuse) this.#lent = block;
          else block.outstanding--;
        }
        this.#size -= result.length;
        const socket = this.#socket;
        if (socket && this.#paused && this.#size < this.#highWaterMark) {
          this.#paused = false;
          socket.resume();
        }
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
