import { type AbstractPathIO, PathIOError } from "@ftp/pathio";

const TIMED = new Set([
  "exists",
  "isFile",
  "isDir",
  "mkdir",
  "rmdir",
  "unlink",
  "stat",
  "lstat",
  "readlink",
  "realpath",
  "rename",
  "setModifiedTime",
  "chmod",
  "open",
  "createReadStream",
  "openReadStream",
  "createWriteStream",
]);

/**
 * Wraps a backend so each of its asynchronous operations fails with `PathIOError` reason
 * `io` after `timeout` ms (the server's `pathTimeout`; the session then answers 451 and
 * goes on). Listings are not limited as a whole.
 */
export function withPathTimeout(pathio: AbstractPathIO, timeout: number): AbstractPathIO {
  return new Proxy(pathio, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== "string" || !TIMED.has(property) || typeof value !== "function")
        return value;
      return (...args: unknown[]) => {
        const operation = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        let timer: NodeJS.Timeout | undefined;
        const expired = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new PathIOError("io", `${property}: io (timed out after ${timeout} ms)`)),
            timeout,
          );
        });
        return Promise.race([operation, expired]).finally(() => clearTimeout(timer));
      };
    },
  });
}
