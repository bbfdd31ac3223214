import { describe, expect, it } from "vitest";
import { AbstractPathIO } from "./abstract-pathio.js";
import { PathIOError } from "./errors.js";
import { MemoryPathIO } from "./memory/memory-pathio.js";
import { runPathIOContract } from "./testing/index.js";
import type { FileHandle, FileStat, MkdirOptions, OpenMode } from "./types.js";

/**
 * A backend implementing only the abstract methods (by delegation), so every default of
 * AbstractPathIO is exercised: exists/isFile/isDir on stat, streams on open, readlink,
 * setModifiedTime and chmod "unsupported", realpath identity, POSIX join.
 */
class MinimalPathIO extends AbstractPathIO {
  readonly #inner = new MemoryPathIO();
  override mkdir(path: string, options?: MkdirOptions): Promise<void> {
    return this.#inner.mkdir(path, options);
  }
  override rmdir(path: string): Promise<void> {
    return this.#inner.rmdir(path);
  }
  override unlink(path: string): Promise<void> {
    return this.#inner.unlink(path);
  }
  override list(path: string): AsyncIterable<string> {
    return this.#inner.list(path);
  }
  override stat(path: string): Promise<FileStat> {
    return this.#inner.stat(path);
  }
  override open(path: string, mode: OpenMode): Promise<FileHandle> {
    return this.#inner.open(path, mode);
  }
  override rename(from: string, to: string): Promise<void> {
    return this.#inner.rename(from, to);
  }
}

runPathIOContract(
  "a backend with only the abstract methods",
  () => ({
    pathio: new MinimalPathIO(),
    root: "/",
  }),
  { chmod: false, setModifiedTime: false },
);

describe("AbstractPathIO defaults", () => {
  it("readlink, setModifiedTime and chmod fail with unsupported; realpath is identity", async () => {
    const pathio = new MinimalPathIO();
    for (const action of [
      () => pathio.readlink("/x"),
      () => pathio.setModifiedTime("/x", new Date()),
      () => pathio.chmod("/x", 0o644),
    ]) {
      const error = await action().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(PathIOError);
      expect((error as PathIOError).reason).toBe("unsupported");
      expect((error as PathIOError).cause).toMatchObject({ code: "ENOTSUP" });
    }
    expect(await pathio.realpath("/a/../b")).toBe("/a/../b");
    expect(String(pathio)).toBe("[object MinimalPathIO]");
  });

  it("exists propagates failures other than not-found", async () => {
    class Failing extends MinimalPathIO {
      override stat(): Promise<FileStat> {
        return Promise.reject(
          new PathIOError("permission", "stat: permission", { cause: new Error("EACCES") }),
        );
      }
    }
    await expect(new Failing().exists("/x")).rejects.toMatchObject({ reason: "permission" });
  });
});
