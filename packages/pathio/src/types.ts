import type { Readable } from "node:stream";

/**
 * How {@link AbstractPathIO.open} opens a file (binary only, as aioftp):
 *
 * - `"rb"`: read from the start; the file must exist.
 * - `"wb"`: create or truncate, write from the start.
 * - `"ab"`: create if missing; every write goes to the current end of the file, whatever
 *   `seek` was called with (POSIX `O_APPEND`).
 * - `"r+b"`: read and write from the start without truncating; the file must exist.
 */
export type OpenMode = "rb" | "wb" | "ab" | "r+b";

/** The open modes as a value list. */
export const OPEN_MODES: readonly OpenMode[] = ["rb", "wb", "ab", "r+b"];

/** True when `mode` is one of the four {@link OpenMode}s. */
export function isOpenMode(mode: unknown): mode is OpenMode {
  return typeof mode === "string" && (OPEN_MODES as readonly string[]).includes(mode);
}

/** What {@link AbstractPathIO.stat} reports, shaped like POSIX `stat`. */
export interface FileStat {
  /** Size in bytes (directories: what the backend reports, e.g. 4096). */
  size: number;
  /** Last content modification. */
  mtime: Date;
  /** Last status change (content, mode, name). */
  ctime: Date;
  /** Number of hard links (directories: 2 + subdirectories on POSIX disks). */
  nlink: number;
  /** `st_mode`: permission bits plus the type bits (`S_IFDIR`, `S_IFREG`, `S_IFLNK`). */
  mode: number;
  /** Owner id, when the backend knows it. */
  uid?: number;
  /** Group id, when the backend knows it. */
  gid?: number;
  /** A regular file. */
  isFile: boolean;
  /** A directory. */
  isDirectory: boolean;
  /** A symbolic link (only ever true from `lstat`). */
  isSymbolicLink: boolean;
}

/**
 * An open file with its own position: two handles on one file never move each other's
 * position. Run one operation at a time per handle (await each before the next); use
 * separate handles for concurrent access. Close it (or `await using` it) on every path.
 */
export interface FileHandle extends AsyncDisposable {
  /**
   * Reads `size` bytes from the handle's position and advances it; fewer only when the end of
   * the file is reached, an empty `Buffer` at EOF. Without `size`, reads to the end.
   * Fails with `bad-mode` on a handle opened `"wb"`/`"ab"`, `io` once closed.
   */
  read(size?: number): Promise<Buffer>;
  /**
   * Writes all of `data` at the handle's position (at the end for `"ab"`) and advances it.
   * Writing past the end fills the gap with zero bytes. `bad-mode` on an `"rb"` handle.
   * The handle must not keep `data` once the promise settles: callers reuse that memory.
   */
  write(data: Uint8Array): Promise<void>;
  /** Moves the position to `offset` bytes from the start (beyond the end is allowed). */
  seek(offset: number): Promise<void>;
  /** Releases the handle. Idempotent; later reads and writes fail with `io`. */
  close(): Promise<void>;
}

/** Options of {@link AbstractPathIO.mkdir}. */
export interface MkdirOptions {
  /** Create missing parent directories too (`mkdir -p`). Default `false`. */
  parents?: boolean;
  /** Do not fail when the directory already exists (a file there still fails). Default `false`. */
  existOk?: boolean;
}

/** Options of {@link AbstractPathIO.createReadStream}. */
export interface ReadStreamOptions {
  /** Byte offset to start reading at (REST). Default 0. */
  start?: number;
  /** Chunk size in bytes. Default 64 KiB. */
  highWaterMark?: number;
  /**
   * Offset of the last byte to read, inclusive (as `node:fs` streams). The stream ends there
   * without a further read to find the end of the file; an `end` below `start` gives an empty
   * stream. Default: read to the end of the file.
   */
  end?: number;
  /** Destroys the stream (and closes the file) when aborted. */
  signal?: AbortSignal;
}

/** What {@link AbstractPathIO.openReadStream} resolves with. */
export interface StatReadStream {
  /** Status of the opened file (on the disk backends taken on the open descriptor). */
  stat: FileStat;
  /** The file's bytes from `start`; for a regular file at most up to the size `stat` reports. */
  stream: Readable;
}

/** Options of {@link AbstractPathIO.createWriteStream}. */
export interface WriteStreamOptions {
  /** Open mode; default `"wb"` (create or truncate). */
  mode?: "wb" | "ab" | "r+b";
  /** Byte offset to start writing at (REST); ignored for `"ab"`. Default 0. */
  start?: number;
  /**
   * Bytes the stream buffers before `write()` returns `false` (backpressure). While one write
   * to the file is in flight, the chunks buffered meanwhile are written together in the next
   * one, so a larger value means fewer, bigger writes (e.g. 1 MiB for network uploads).
   * Default: Node's `Writable` default (16 KiB).
   */
  highWaterMark?: number;
  /** Destroys the stream (and closes the file) when aborted. */
  signal?: AbortSignal;
}
