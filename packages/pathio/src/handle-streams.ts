import { addAbortSignal, Readable, Writable } from "node:stream";
import { toPathIOError } from "./errors.js";
import { argumentError } from "./positional-file-handle.js";
import type { FileHandle, FileStat, ReadStreamOptions, WriteStreamOptions } from "./types.js";

/** Default chunk size of read streams built on a {@link FileHandle}. */
export const DEFAULT_STREAM_CHUNK = 64 * 1024;

/**
 * How many bytes a read stream over `[start, end]` may deliver: `undefined` without an `end`
 * (read to EOF), 0 when `end` is below `start`. Rejects an `end` that is not an integer
 * (`io`, as an invalid handle argument). Called before the file is opened.
 */
export function readStreamLength(
  options: Pick<ReadStreamOptions, "start" | "end">,
): number | undefined {
  if (options.end === undefined) return undefined;
  if (!Number.isSafeInteger(options.end))
    throw argumentError("createReadStream", "end", options.end);
  return Math.max(0, options.end - (options.start ?? 0) + 1);
}

/**
 * `options` with `end` lowered to the last byte `stat` reports for a regular file (what
 * {@link AbstractPathIO.openReadStream} reads); other files keep the caller's `end`.
 */
export function endAtStatSize(options: ReadStreamOptions, stat: FileStat): ReadStreamOptions {
  if (!stat.isFile) return options;
  const last = stat.size - 1;
  return options.end === undefined || options.end > last ? { ...options, end: last } : options;
}

/**
 * A `Readable` that ends at once and runs `close` (releasing an open descriptor) when it is
 * destroyed: what a read stream over an empty range is.
 */
export function emptyFdStream(close: () => Promise<void> | void): Readable {
  return new Readable({
    read() {
      this.push(null);
    },
    destroy(error, callback) {
      Promise.resolve()
        .then(close)
        .then(
          () => callback(error),
          (closeError: unknown) => callback(error ?? toPathIOError(closeError, "close")),
        );
    },
  });
}

/** The part of a backend the handle-based streams need. */
export interface HandleOpener {
  open(path: string, mode: "rb" | "wb" | "ab" | "r+b"): Promise<FileHandle>;
}

async function seekOrClose(handle: FileHandle, start: number | undefined): Promise<void> {
  if (start === undefined || start === 0) return;
  try {
    await handle.seek(start);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

function closeThen(
  handle: FileHandle,
  error: Error | null,
  callback: (error?: Error | null) => void,
): void {
  handle.close().then(
    () => callback(error),
    (closeError: unknown) => callback(error ?? toPathIOError(closeError, "close")),
  );
}

/**
 * A `Readable` over `backend.open(path, "rb")`: opens (failing the promise, not the stream,
 * when the file cannot be opened), seeks to `start`, reads `highWaterMark`-sized chunks, and
 * closes the handle on end, error and destroy. Errors are {@link PathIOError}s.
 */
export async function openHandleReadStream(
  backend: HandleOpener,
  path: string,
  options: ReadStreamOptions = {},
): Promise<Readable> {
  options.signal?.throwIfAborted();
  let remaining = readStreamLength(options) ?? Number.POSITIVE_INFINITY;
  const handle = await backend.open(path, "rb");
  await seekOrClose(handle, options.start);
  const chunk = options.highWaterMark ?? DEFAULT_STREAM_CHUNK;
  const stream = new Readable({
    highWaterMark: chunk,
    read() {
      if (remaining <= 0) {
        this.push(null);
        return;
      }
      handle.read(Math.min(chunk, remaining)).then(
        (data) => {
          remaining -= data.length;
          this.push(data.length === 0 ? null : data);
        },
        (error: unknown) => this.destroy(toPathIOError(error, "read", path)),
      );
    },
    destroy(error, callback) {
      closeThen(handle, error, callback);
    },
  });
  if (options.signal) addAbortSignal(options.signal, stream);
  return stream;
}

/**
 * A `Writable` over `backend.open(path, mode)` (default `"wb"`): opens (failing the promise
 * when the file cannot be opened), seeks to `start`, writes every chunk in order, and closes
 * the handle when finished, on error and on destroy. Errors are {@link PathIOError}s.
 */
export async function openHandleWriteStream(
  backend: HandleOpener,
  path: string,
  options: WriteStreamOptions = {},
): Promise<Writable> {
  options.signal?.throwIfAborted();
  const mode = options.mode ?? "wb";
  const handle = await backend.open(path, mode);
  if (mode !== "ab") await seekOrClose(handle, options.start);
  let closed = false;
  const write = (data: Buffer, callback: (error?: Error | null) => void) => {
    handle.write(data).then(
      () => callback(),
      (error: unknown) => callback(toPathIOError(error, "write", path)),
    );
  };
  const stream = new Writable({
    ...(options.highWaterMark !== undefined ? { highWaterMark: options.highWaterMark } : {}),
    write(data: Buffer, _encoding, callback) {
      write(data, callback);
    },
    // What was buffered while a write ran goes to the handle as one write.
    writev(chunks, callback) {
      const parts = chunks.map(({ chunk }) => chunk as Buffer);
      write(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts), callback);
    },
    final(callback) {
      closed = true;
      handle.close().then(
        () => callback(),
        (error: unknown) => callback(toPathIOError(error, "close", path)),
      );
    },
    destroy(error, callback) {
      if (closed) callback(error);
      else closeThen(handle, error, callback);
    },
  });
  if (options.signal) addAbortSignal(options.signal, stream);
  return stream;
}
