import type { ListEntry } from "@ftp/protocol";

/** Fetches one directory's entries (names relative to that directory). */
export type DirectoryFetcher = (path: string) => Promise<ListEntry[]>;

/** Joins a remote (POSIX) directory and a name the way listings report paths. */
export function joinRemote(directory: string, name: string): string {
  if (directory === "" || directory === ".") return name;
  return directory.endsWith("/") ? directory + name : `${directory}/${name}`;
}

/**
 * The result of `client.list()`: iterate it lazily with `for await`, or `await` it for an
 * array. Paths are relative to the listed path as given (`list("x")` yields `x/y`).
 * Directories are fetched on demand, one at a time, and each is read completely before its
 * entries are yielded, so the loop body may use the same client (no deadlock, no interleaving).
 * `.`/`..` (and MLSx `cdir`/`pdir`) entries are skipped.
 */
export class Lister implements AsyncIterable<ListEntry>, PromiseLike<ListEntry[]> {
  readonly #path: string;
  readonly #recursive: boolean;
  readonly #fetch: DirectoryFetcher;
  #all: Promise<ListEntry[]> | undefined;

  /** @internal Made by `Client.list`. */
  constructor(path: string, recursive: boolean, fetch: DirectoryFetcher) {
    this.#path = path;
    this.#recursive = recursive;
    this.#fetch = fetch;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ListEntry, void, undefined> {
    const pending = [this.#path];
    for (let directory = pending.shift(); directory !== undefined; directory = pending.shift()) {
      const entries = await this.#fetch(directory);
      for (const [name, info] of entries) {
        if (name === "." || name === ".." || info.type === "cdir" || info.type === "pdir") continue;
        const path = joinRemote(directory, name);
        yield [path, info];
        if (this.#recursive && info.type === "dir") pending.push(path);
      }
    }
  }

  // biome-ignore lint/suspicious/noThenProperty: the lister is deliberately awaitable
  then<TResult1 = ListEntry[], TResult2 = never>(
    onFulfilled?: ((value: ListEntry[]) => TResult1 | PromiseLike<TResult1>) | null,
    onRejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    this.#all ??= (async () => {
      const entries: ListEntry[] = [];
      for await (const entry of this) entries.push(entry);
      return entries;
    })();
    return this.#all.then(onFulfilled, onRejected);
  }

  /** Like `Promise.prototype.catch` on the awaited array. */
  catch<TResult = never>(
    onRejected?: ((reason: unknown) => TResult | PromiseLike<TResult>) | null,
  ): Promise<ListEntry[] | TResult> {
    return this.then(undefined, onRejected);
  }

  /** Like `Promise.prototype.finally` on the awaited array. */
  finally(onFinally?: (() => void) | null): Promise<ListEntry[]> {
    return this.then().finally(onFinally);
  }
}
