import fs, { type Stats } from "node:fs";
import { addAbortSignal, Readable, Writable } from "node:stream";
import { toPathIOError } from "./errors.js";
import { DEFAULT_STREAM_CHUNK, endAtStatSize, readStreamLength } from "./handle-streams.js";
import {
  type NodeDirReader,
  type NodeFsOps,
  NodeFsPathIO,
  type NodeRawFile,
} from "./node-fs-base.js";
import { fileStatFromNode } from "./node-stat.js";
import { NODE_OPEN_FLAGS } from "./open-mode.js";
import { PositionalFileHandle } from "./positional-file-handle.js";
import type { OpenMode, ReadStreamOptions, StatReadStream, WriteStreamOptions } from "./types.js";

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
  return mode === "rb" ? openSyncReadFd(target).fd : fs.openSync(target, NODE_OPEN_FLAGS[mode]);
}

/** Opens `target` read-only and `fstat`s it, refusing directories (raw Node errors). */
function openSyncReadFd(target: string): { fd: number; stats: Stats } {
  const fd = fs.openSync(target, NODE_OPEN_FLAGS.rb);
  let stats: Stats;
  try {
    stats = fs.fstatSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  if (stats.isDirectory()) {
    fs.closeSync(fd);
    throw Object.assign(new Error("EISDIR: illegal operation on a directory, open"), {
      code: "EISDIR",
      syscall: "open",
    });
  }
  return { fd, stats };
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
  /** Bytes still to deliver (`end`), or infinity (to EOF). */
  #remaining: number;
  #closed = false;

  constructor(fd: number, target: string, start: number, chunk: number, length?: number) {
    super({ highWaterMark: chunk });
    this.#fd = fd;
    this.#target = target;
    this.#chunk = chunk;
    this.#position = start;
    this.#remaining = length ?? Number.POSITIVE_INFINITY;
  }

  override _read(): void {
    try {
      const want = Math.min(this.#chunk, this.#remaining);
      if (want <= 0) {
        this.push(null);
        return;
      }
      const buffer = Buffer.allocUnsafe(want);
      const count = fs.readSync(this.#fd, buffer, 0, want, this.#position);
      if (count === 0) {
        this.push(null);
        return;
      }
      this.#position += count;
      this.#remaining -= count;
      this.push(count === want ? buffer : buffer.subarray(0, count));
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

  constructor(fd: number, target: string, start: number | null, highWaterMark?: number) {
    super(highWaterMark !== undefined ? { highWaterMark } : {});
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

/** A {@link SyncReadStream} over `[start, end]` of an open descriptor, with the signal attached. */
function syncReadStream(fd: number, target: string, options: ReadStreamOptions): Readable {
  const stream = new SyncReadStream(
    fd,
    target,
    options.start ?? 0,
    options.highWaterMark ?? DEFAULT_STREAM_CHUNK,
    readStreamLength(options),
  );
  if (options.signal) addAbortSignal(options.signal, stream);
  return stream;
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
    readStreamLength(options);
    let fd: number;
    try {
      fd = openSyncFd(target, "rb");
    } catch (error) {
      throw toPathIOError(error, "open", target);
    }
    return syncReadStream(fd, target, options);
  }

  /** Opens, `fstat`s the descriptor and streams from it: no separate `stat` of the path. */
  override async openReadStream(
    target: string,
    options: ReadStreamOptions = {},
  ): Promise<StatReadStream> {
    options.signal?.throwIfAborted();
    readStreamLength(options);
    let opened: { fd: number; stats: Stats };
    try {
      opened = openSyncReadFd(target);
    } catch (error) {
      throw toPathIOError(error, "open", target);
    }
    const stat = fileStatFromNode(opened.stats);
    return { stat, stream: syncReadStream(opened.fd, target, endAtStatSize(options, stat)) };
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
    const stream = new SyncWriteStream(
      fd,
      target,
      mode === "ab" ? null : (options.start ?? 0),
      options.highWaterMark,
    );
    if (options.signal) addAbortSignal(options.signal, stream);
    return stream;
  }
}
