import { posix } from "node:path";
import type { Readable, Writable } from "node:stream";
import { isPathIOError, PathIOError, pathIOErrorFromCode } from "./errors.js";
import {
  endAtStatSize,
  openHandleReadStream,
  openHandleWriteStream,
  readStreamLength,
} from "./handle-streams.js";
import type {
  FileHandle,
  FileStat,
  MkdirOptions,
  OpenMode,
  ReadStreamOptions,
  StatReadStream,
  WriteStreamOptions,
} from "./types.js";

/**
 * The storage interface the server serves from and the client reads and writes local files
 * with. Paths are the backend's own path strings (native paths for the disk backends, POSIX
 * paths for {@link MemoryPathIO}); {@link VirtualRoot} maps a user's virtual paths onto them.
 *
 * Contract shared by every method: failures reject with a {@link PathIOError} whose `reason`
 * is one of {@link PathIOErrorReason} and whose `cause` is set; nothing else is thrown. The
 * per-method docs list the reasons the contract kit (`@ftp/pathio/testing`) pins.
 *
 * To write a backend, implement the abstract methods; the rest have working defaults
 * (`exists`/`isFile`/`isDir` on `stat`, streams on `open`) or fail with `unsupported`.
 */
export abstract class AbstractPathIO {
  /**
   * True when something exists at `path` (following symbolic links: a dangling link is
   * `false`). A missing path or a path through a file is `false`, not an error; other
   * failures (e.g. `permission`) reject.
   */
  async exists(path: string): Promise<boolean> {
    return (await this.statOrUndefined(path)) !== undefined;
  }

  /** True when `path` is a regular file (following links); `false` when missing. */
  async isFile(path: string): Promise<boolean> {
    return (await this.statOrUndefined(path))?.isFile ?? false;
  }

  /** True when `path` is a directory (following links); `false` when missing. */
  async isDir(path: string): Promise<boolean> {
    return (await this.statOrUndefined(path))?.isDirectory ?? false;
  }

  /**
   * Creates a directory. Rejects with `exists` when something is there already (a file there
   * even with `existOk`), `not-found` when the parent is missing and `parents` is not set,
   * `not-a-directory` when a parent is a file (with or without `parents`).
   */
  abstract mkdir(path: string, options?: MkdirOptions): Promise<void>;

  /**
   * Removes an empty directory. `not-found` when missing, `not-a-directory` on a file,
   * `not-empty` when it has entries.
   */
  abstract rmdir(path: string): Promise<void>;

  /**
   * Removes a file (or a symbolic link, not its target). `not-found` when missing,
   * `is-a-directory` (some platforms: `permission`) on a directory.
   */
  abstract unlink(path: string): Promise<void>;

  /**
   * The full paths (`join(path, name)`) of the directory's entries, in any order, streamed:
   * implementations must not build the whole listing in memory. A missing path or a file
   * yields nothing (as aioftp); other failures reject during iteration. Breaking out of the
   * loop releases the directory.
   */
  abstract list(path: string): AsyncIterable<string>;

  /** Status of `path`, following symbolic links. `not-found`, `not-a-directory`. */
  abstract stat(path: string): Promise<FileStat>;

  /** Status of `path` itself (a link is reported as a link). Default: {@link stat}. */
  lstat(path: string): Promise<FileStat> {
    return this.stat(path);
  }

  /** The target of a symbolic link. Default: rejects with `unsupported`. */
  async readlink(path: string): Promise<string> {
    throw pathIOErrorFromCode("ENOTSUP", "readlink", path);
  }

  /**
   * The canonical path with every symbolic link resolved; `not-found` when it does not exist.
   * Default: `path` unchanged (a backend without links).
   */
  async realpath(path: string): Promise<string> {
    return path;
  }

  /**
   * Opens a file (see {@link OpenMode}) and returns a handle with its own position.
   * `not-found` for `"rb"`/`"r+b"` on a missing file or any mode in a missing directory,
   * `is-a-directory` when `path` is a directory (any mode), `bad-mode` for an unknown mode.
   */
  abstract open(path: string, mode: OpenMode): Promise<FileHandle>;

  /**
   * Moves `from` to `to`, replacing a file at `to` or an empty directory (when `from` is a
   * directory). `not-found` when `from` or the parent of `to` is missing, `is-a-directory`
   * when moving a file onto a directory, `not-a-directory` for a directory onto a file,
   * `not-empty` onto a non-empty directory, `cross-device` across filesystems.
   */
  abstract rename(from: string, to: string): Promise<void>;

  /** Sets the modification time (MFMT). `not-found`; default: `unsupported`. */
  async setModifiedTime(path: string, _date: Date): Promise<void> {
    throw pathIOErrorFromCode("ENOTSUP", "setModifiedTime", path);
  }

  /** Sets the permission bits (`mode & 0o7777`, SITE CHMOD). `not-found`; default: `unsupported`. */
  async chmod(path: string, _mode: number): Promise<void> {
    throw pathIOErrorFromCode("ENOTSUP", "chmod", path);
  }

  /**
   * A `Readable` of the file from `start` (to `end`, inclusive, when given). The promise rejects (as {@link open}) when the file
   * cannot be opened; later failures destroy the stream with a {@link PathIOError}. The file is
   * closed on end, error, destroy and abort. Default: built on {@link open}.
   */
  createReadStream(path: string, options?: ReadStreamOptions): Promise<Readable> {
    return openHandleReadStream(this, path, options);
  }

  /**
   * Opens the file for reading and resolves with its status and a stream of its bytes from
   * `start`: one step where `stat` plus {@link createReadStream} take two (a download needs
   * both). For a regular file the stream ends at the size `stat` reports (or at `end`, when
   * lower): a file growing meanwhile is read as it was when opened, and no read is spent on
   * finding the end. Rejects as {@link createReadStream}; the caller destroys the stream when
   * it does not read it. Default: {@link stat}, then {@link createReadStream}; the disk
   * backends stat the open descriptor instead.
   */
  async openReadStream(path: string, options: ReadStreamOptions = {}): Promise<StatReadStream> {
    options.signal?.throwIfAborted();
    readStreamLength(options);
    const stat = await this.stat(path);
    const stream = await this.createReadStream(path, endAtStatSize(options, stat));
    return { stat, stream };
  }

  /**
   * A `Writable` into the file (mode `"wb"` by default, `start` honoured for `"wb"`/`"r+b"`).
   * The promise rejects (as {@link open}) when the file cannot be opened; the file is closed
   * when the stream finishes, errors, is destroyed or aborted. Default: built on {@link open}.
   */
  createWriteStream(path: string, options?: WriteStreamOptions): Promise<Writable> {
    return openHandleWriteStream(this, path, options);
  }

  /** Joins path segments with the backend's separator and normalises. Default: POSIX. */
  join(...parts: string[]): string {
    return posix.join(...parts);
  }

  /** The parent directory of `path`. Default: POSIX. */
  dirname(path: string): string {
    return posix.dirname(path);
  }

  /** The last segment of `path`. Default: POSIX. */
  basename(path: string): string {
    return posix.basename(path);
  }

  /** `stat` that turns "nothing there" (`not-found`, `not-a-directory`) into `undefined`. */
  protected async statOrUndefined(path: string): Promise<FileStat | undefined> {
    try {
      return await this.stat(path);
    } catch (error) {
      if (isPathIOError(error, "not-found", "not-a-directory")) return undefined;
      if (error instanceof PathIOError && error.cause !== undefined) {
        const code = (error.cause as { code?: unknown }).code;
        if (code === "ELOOP" || code === "ENAMETOOLONG") return undefined;
      }
      throw error;
    }
  }

  /** Names the backend in `String(pathio)` and inspection. */
  get [Symbol.toStringTag](): string {
    return this.constructor.name;
  }
}

/** Something that makes a backend: the server calls it once per session. */
export type PathIOFactory = () => AbstractPathIO;
