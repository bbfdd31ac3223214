import { addAbortSignal, Readable, Writable } from "node:stream";
import { toPathIOError } from "./errors.js";
import type { FileHandle, ReadStreamOptions, WriteStreamOptions } from "./types.js";

/** Default chunk size of read streams built on a {@link FileHandle}. */
export const DEFAULT_STREAM_CHUNK = 64 * 1024;

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
  const handle = await backend.open(path, "rb");
  await seekOrClose(handle, options.start);
  const chunk = options.highWaterMark ?? DEFAULT_STREAM_CHUNK;
  const stream = new Readable({
    highWaterMark: chunk,
    read() {
      handle.read(chunk).then(
        (data) => {
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
  const stream = new Writable({
    write(data: Buffer, _encoding, callback) {
      handle.write(data).then(
        () => callback(),
        (error: unknown) => callback(toPathIOError(error, "write", path)),
      );
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
