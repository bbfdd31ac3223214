import { PathIOError, toPathIOError } from "./errors.js";
import { canRead, canWrite } from "./open-mode.js";
import type { FileHandle, OpenMode } from "./types.js";

/** Largest buffer one `read()` call allocates at once; bigger reads loop. */
const MAX_READ_CHUNK = 8 * 1024 * 1024;

/** Chunk size used by `read()` without a size (read to the end). */
const READ_ALL_CHUNK = 64 * 1024;

/**
 * A {@link FileHandle} that keeps its own position and does positional I/O through three
 * primitives, so handles never share a cursor. It checks the open mode, the closed state and
 * arguments, loops short reads and writes, and wraps every failure into a {@link PathIOError}.
 * The disk backends extend it; custom backends may too.
 */
export abstract class PositionalFileHandle implements FileHandle {
  /** The mode the handle was opened with. */
  readonly mode: OpenMode;
  /** The backend path (may be real: never send it to a peer). */
  protected readonly path: string;
  /** Byte offset of the next read or write (writes of `"ab"` handles go to the end). */
  protected position = 0;
  #closing: Promise<void> | undefined;

  constructor(mode: OpenMode, path: string) {
    this.mode = mode;
    this.path = path;
  }

  /**
   * Reads up to `length` bytes into `buffer` at `offset` from file position `position`;
   * resolves with the count (0 at EOF).
   */
  protected abstract readAt(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<number>;

  /**
   * Writes up to `length` bytes of `data` from `offset` at file position `position` (`null`:
   * append); resolves with the count written.
   */
  protected abstract writeAt(
    data: Uint8Array,
    offset: number,
    length: number,
    position: number | null,
  ): Promise<number>;

  /** Releases the underlying resource (called once). */
  protected abstract release(): Promise<void>;

  /** True once {@link close} was called. */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  async read(size?: number): Promise<Buffer> {
    this.#check("read", canRead(this.mode));
    if (size === undefined) return this.#readAll();
    if (!Number.isSafeInteger(size) || size < 0) throw argumentError("read", "size", size);
    const parts: Buffer[] = [];
    let total = 0;
    while (total < size) {
      const want = Math.min(size - total, MAX_READ_CHUNK);
      const buffer = Buffer.allocUnsafe(want);
      const got = await this.#fill(buffer, want);
      if (got > 0) parts.push(got === want ? buffer : buffer.subarray(0, got));
      total += got;
      if (got < want) break;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, total);
  }

  async #readAll(): Promise<Buffer> {
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(READ_ALL_CHUNK);
      const got = await this.#fill(buffer, READ_ALL_CHUNK);
      if (got > 0) parts.push(buffer.subarray(0, got));
      total += got;
      if (got < READ_ALL_CHUNK) break;
    }
    return Buffer.concat(parts, total);
  }

  /** Fills `buffer[0, want)` from the current position; returns the count (short at EOF). */
  async #fill(buffer: Buffer, want: number): Promise<number> {
    let filled = 0;
    while (filled < want) {
      let got: number;
      try {
        got = await this.readAt(buffer, filled, want - filled, this.position);
      } catch (error) {
        throw toPathIOError(error, "read", this.path);
      }
      if (got === 0) break;
      filled += got;
      this.position += got;
    }
    return filled;
  }

  async write(data: Uint8Array): Promise<void> {
    this.#check("write", canWrite(this.mode));
    const append = this.mode === "ab";
    let written = 0;
    while (written < data.length) {
      let count: number;
      try {
        count = await this.writeAt(
          data,
          written,
          data.length - written,
          append ? null : this.position,
        );
      } catch (error) {
        throw toPathIOError(error, "write", this.path);
      }
      written += count;
      this.position += count;
    }
  }

  async seek(offset: number): Promise<void> {
    this.#check("seek", true);
    if (!Number.isSafeInteger(offset) || offset < 0) throw argumentError("seek", "offset", offset);
    this.position = offset;
  }

  close(): Promise<void> {
    this.#closing ??= this.release().catch((error: unknown) => {
      throw toPathIOError(error, "close", this.path);
    });
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #check(operation: string, allowed: boolean): void {
    if (this.#closing !== undefined) {
      throw new PathIOError("io", `${operation}: io (the file handle is closed)`, {
        cause: Object.assign(new Error("file handle is closed"), { code: "EBADF" }),
        path: this.path,
      });
    }
    if (!allowed) {
      throw new PathIOError("bad-mode", `${operation}: bad-mode (handle opened "${this.mode}")`, {
        cause: Object.assign(new Error(`handle not open for ${operation}`), { code: "EBADF" }),
        path: this.path,
      });
    }
  }
}

/** The `io` error for a negative, fractional or non-number size or offset. */
export function argumentError(operation: string, name: string, value: unknown): PathIOError {
  return new PathIOError("io", `${operation}: io (invalid ${name})`, {
    cause: Object.assign(new RangeError(`Invalid ${name}: ${String(value)}`), { code: "EINVAL" }),
  });
}
