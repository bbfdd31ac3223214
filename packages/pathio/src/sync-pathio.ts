import fs from "node:fs";
import { addAbortSignal, Readable, Writable } from "node:stream";
import { toPathIOError } from "./errors.js";
import { DEFAULT_STREAM_CHUNK } from "./handle-streams.js";
import {
  type NodeDirReader,
  type NodeFsOps,
  NodeFsPathIO,
  type NodeRawFile,
} from "./node-fs-base.js";
import { NODE_OPEN_FLAGS } from "./open-mode.js";
import { PositionalFileHandle } from "./positional-file-handle.js";
import type { OpenMode, ReadStreamOptions, WriteStreamOptions } from "./types.js";

/** Entries `opendirSync` buffers per directory read. */
const DIR_BUFFER_SIZE = 128;

class SyncFileHandle extends PositionalFileHandle {
  readonly #fd: number;

  constructor(fd: number, mode: OpenMode, target: string) {
    super(mode, target);
    this.#fd = fd;
  }

  protected override async readAt(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
  ): Promise<number> {
    return fs.readSync(this.#fd, buffer, offset, length, position);
  }

  protected override async writeAt(
    data: Uint8Array,
    offset: number,
    length: number,
    position: number | null,
  ): Promise<number> {
    return fs.writeSync(this.#fd, data, offset, length, position);
  }

  protected override async release(): Promise<void> {
    fs.closeSync(this.#fd);
  }
}

function openSyncFd(target: string, mode: OpenMode): number {
  const fd = fs.openSync(target, NODE_OPEN_FLAGS[mode]);
  if (mode === "rb") {
    let isDirectory: boolean;
    try {
      isDirectory = fs.fstatSync(fd).isDirectory();
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
    if (isDirectory) {
      fs.closeSync(fd);
      throw Object.assign(new Error("EISDIR: illegal operation on a directory, open"), {
        code: "EISDIR",
        syscall: "open",
      });
    }
  }
  return fd;
}

const syncOps: NodeFsOps = {
  mkdir: async (target) => {
    fs.mkdirSync(target);
  },
  rmdir: async (target) => fs.rmdirSync(target),
  unlink: async (target) => fs.unlinkSync(target),
  stat: async (target) => fs.statSync(target),
  lstat: async (target) => fs.lstatSync(target),
  readlink: async (target) => fs.readlinkSync(target),
  realpath: async (target) => fs.realpathSync(target),
  rename: async (from, to) => fs.renameSync(from, to),
  utimes: async (target, atime, mtime) => fs.utimesSync(target, atime, mtime),
  chmod: async (target, mode) => fs.chmodSync(target, mode),
  opendir: async (target): Promise<NodeDirReader> => {
    const dir = fs.opendirSync(target, { bufferSize: DIR_BUFFER_SIZE });
    return {
      next: () => dir.readSync(),
      close: async () => dir.closeSync(),
    };
  },
  open: async (target, flags): Promise<NodeRawFile> => {
    const fd = fs.openSync(target, flags);
    return {
      stat: async () => fs.fstatSync(fd),
      close: async () => fs.closeSync(fd),
      toHandle: (mode, handlePath) => new SyncFileHandle(fd, mode, handlePath),
    };
  },
};

/** A `Readable` doing `readSync` on a descriptor, closing it on end, error and destroy. */
class SyncReadStream extends Readable {
  readonly #fd: number;
  readonly #chunk: number;
  readonly #target: string;
  #position: number;
  #closed = false;

  constructor(fd: number, target: string, start: number, chunk: number) {
    super({ highWaterMark: chunk });
    this.#fd = fd;
    this.#target = target;
    this.#chunk = chunk;
    this.#position = start;
  }

  override _read(): void {
    try {
      const buffer = Buffer.allocUnsafe(this.#chunk);
      const count = fs.readSync(this.#fd, buffer, 0, this.#chunk, this.#position);
      if (count === 0) {
        this.push(null);
        return;
      }
      this.#position += count;
      this.push(count === this.#chunk ? buffer : buffer.subarray(0, count));
    } catch (error) {
      this.destroy(toPathIOError(error, "read", this.#target));
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    callback(closeOnce(this, this.#fd, error, this.#target));
  }

  /** @internal */
  markClosed(): boolean {
    const was = this.#closed;
    this.#closed = true;
    return was;
  }
}

/** A `Writable` doing `writeSync`/`writevSync` on a descriptor, closing it when done. */
class SyncWriteStream extends Writable {
  readonly #fd: number;
  readonly #target: string;
  #position: number | null;
  #closed = false;

  constructor(fd: number, target: string, start: number | null) {
    super();
    this.#fd = fd;
    this.#target = target;
    this.#position = start;
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    try {
      let written = 0;
      while (written < chunk.length) {
        const position = this.#position === null ? null : this.#position + written;
        written += fs.writeSync(this.#fd, chunk, written, chunk.length - written, position);
      }
      if (this.#position !== null) this.#position += written;
      callback();
    } catch (error) {
      callback(toPathIOError(error, "write", this.#target));
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    callback(closeOnce(this, this.#fd, null, this.#target));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    callback(closeOnce(this, this.#fd, error, this.#target));
  }

  /** @internal */
  markClosed(): boolean {
    const was = this.#closed;
    this.#closed = true;
    return was;
  }
}

function closeOnce(
  stream: { markClosed(): boolean },
  fd: number,
  error: Error | null,
  target: string,
): Error | null {
  if (stream.markClosed()) return error;
  try {
    fs.closeSync(fd);
    return error;
  } catch (closeError) {
    return error ?? toPathIOError(closeError, "close", target);
  }
}

/**
 * The local filesystem through the synchronous `node:fs` calls, like aioftp's blocking
 * `PathIO`: every operation blocks the event loop while it runs (fast on local disks and
 * tmpfs, harmful on slow or network filesystems). Prefer {@link AsyncPathIO} in servers.
 * Same contract and native paths as {@link AsyncPathIO}; streams use `readSync`/`writeSync`.
 */
export class PathIO extends NodeFsPathIO {
  protected override readonly ops: NodeFsOps = syncOps;

  override async createReadStream(
    target: string,
    options: ReadStreamOptions = {},
  ): Promise<Readable> {
    options.signal?.throwIfAborted();
    let fd: number;
    try {
      fd = openSyncFd(target, "rb");
    } catch (error) {
      throw toPathIOError(error, "open", target);
    }
    const stream = new SyncReadStream(
      fd,
      target,
      options.start ?? 0,
      options.highWaterMark ?? DEFAULT_STREAM_CHUNK,
    );
    if (options.signal) addAbortSignal(options.signal, stream);
    return stream;
  }

  override async createWriteStream(
    target: string,
    options: WriteStreamOptions = {},
  ): Promise<Writable> {
    options.signal?.throwIfAborted();
    const mode = options.mode ?? "wb";
    let fd: number;
    try {
      fd = openSyncFd(target, mode);
    } catch (error) {
      throw toPathIOError(error, "open", target);
    }
    const stream = new SyncWriteStream(fd, target, mode === "ab" ? null : (options.start ?? 0));
    if (options.signal) addAbortSignal(options.signal, stream);
    return stream;
  }
}
