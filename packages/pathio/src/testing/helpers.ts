import { expect } from "vitest";
import type { AbstractPathIO } from "../abstract-pathio.js";
import { PathIOError, type PathIOErrorReason } from "../errors.js";

/**
 * Asserts that `action` rejects (or throws) a {@link PathIOError} with code `ERR_FTP_PATHIO`,
 * a `cause`, and one of `reasons` (any reason when none is given). Returns the error.
 */
export async function expectPathIOError(
  action: Promise<unknown> | (() => unknown),
  ...reasons: PathIOErrorReason[]
): Promise<PathIOError> {
  let failure: unknown;
  let failed = false;
  try {
    await (typeof action === "function" ? action() : action);
  } catch (error) {
    failure = error;
    failed = true;
  }
  if (!failed) {
    throw new Error(`expected a PathIOError (${reasons.join(" | ") || "any reason"}), got success`);
  }
  expect(failure, String(failure)).toBeInstanceOf(PathIOError);
  const error = failure as PathIOError;
  expect(error.code).toBe("ERR_FTP_PATHIO");
  expect(error.cause, "PathIOError.cause must be set").toBeDefined();
  if (reasons.length > 0) expect(reasons, error.message).toContain(error.reason);
  return error;
}

/** Collects an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Writes `data` to `path` (mode `"wb"`) through `pathio`. */
export async function writeFile(
  pathio: AbstractPathIO,
  path: string,
  data: Uint8Array | string = "",
): Promise<void> {
  await using handle = await pathio.open(path, "wb");
  await handle.write(typeof data === "string" ? Buffer.from(data) : data);
}

/** Reads the whole file at `path` through `pathio`. */
export async function readFile(pathio: AbstractPathIO, path: string): Promise<Buffer> {
  await using handle = await pathio.open(path, "rb");
  const data = await handle.read();
  return data;
}

/** A deterministic byte pattern: byte `i` is `(i * 31 + seed) & 0xff`. */
export function pattern(size: number, seed = 7): Buffer {
  const data = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + seed) & 0xff;
  return data;
}

/** Open file descriptors of this process (Linux `/proc`), or `undefined` elsewhere. */
export async function openDescriptorCount(): Promise<number | undefined> {
  const { readdir } = await import("node:fs/promises");
  try {
    return (await readdir("/proc/self/fd")).length;
  } catch {
    return undefined;
  }
}
