import { expect } from "vitest";
import type { DefineScenario, ResolvedContractOptions } from "../contract-types.js";
import { collect, expectPathIOError, readFile, writeFile } from "../helpers.js";

/**
 * aioftp's `tests/test_pathio.py`, scenario by scenario, with the error kinds it pins mapped
 * to reasons (`FileExistsError` → `exists`, `FileNotFoundError` → `not-found`,
 * `NotADirectoryError` → `not-a-directory`, `OSError` on rmdir → `not-empty`,
 * `IsADirectoryError`/`PermissionError` → `is-a-directory`/`permission`,
 * `ValueError` for a bad mode → `bad-mode`). Its wrapped-file-object and `repr` checks have
 * no TypeScript counterpart.
 */
export function registerAioftpScenarios(
  scenario: DefineScenario,
  _options: ResolvedContractOptions,
): void {
  scenario("exists: the root exists, a missing path does not", async ({ pathio, root, path }) => {
    expect(await pathio.exists(root)).toBe(true);
    expect(await pathio.exists(path("foo"))).toBe(false);
  });

  scenario("isDir: a directory is one, a file is not", async ({ pathio, fixtures, root, path }) => {
    expect(await pathio.isDir(root)).toBe(true);
    await writeFile(fixtures, path("foo"));
    expect(await pathio.isDir(path("foo"))).toBe(false);
  });

  scenario(
    "isFile: a file is one, a directory is not",
    async ({ pathio, fixtures, root, path }) => {
      expect(await pathio.isFile(root)).toBe(false);
      await writeFile(fixtures, path("foo"));
      expect(await pathio.isFile(path("foo"))).toBe(true);
    },
  );

  scenario(
    "mkdir creates a directory",
    async ({ pathio, path }) => {
      expect(await pathio.exists(path("foo"))).toBe(false);
      await pathio.mkdir(path("foo"));
      expect(await pathio.exists(path("foo"))).toBe(true);
      expect(await pathio.isDir(path("foo"))).toBe(true);
    },
    { writes: true },
  );

  scenario(
    "rmdir removes a directory",
    async ({ pathio, path }) => {
      await pathio.mkdir(path("foo"));
      expect(await pathio.exists(path("foo"))).toBe(true);
      await pathio.rmdir(path("foo"));
      expect(await pathio.exists(path("foo"))).toBe(false);
    },
    { writes: true },
  );

  scenario(
    "unlink removes a file",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("foo"));
      expect(await pathio.exists(path("foo"))).toBe(true);
      await pathio.unlink(path("foo"));
      expect(await pathio.exists(path("foo"))).toBe(false);
    },
    { writes: true },
  );

  scenario(
    "list yields the full paths of every entry",
    async ({ pathio, fixtures, root, path }) => {
      await fixtures.mkdir(path("dir"));
      await writeFile(fixtures, path("file"));
      const paths = await collect(pathio.list(root));
      expect(paths).toHaveLength(2);
      expect(new Set(paths)).toEqual(new Set([path("dir"), path("file")]));
    },
  );

  scenario("stat has size, mtime, ctime, nlink and mode", async ({ pathio, root }) => {
    const stat = await pathio.stat(root);
    expect(typeof stat.size).toBe("number");
    expect(stat.mtime).toBeInstanceOf(Date);
    expect(stat.ctime).toBeInstanceOf(Date);
    expect(stat.nlink).toBeGreaterThanOrEqual(1);
    expect(typeof stat.mode).toBe("number");
  });

  scenario(
    "open with await using: wb, rb, ab, wb again, r+b",
    async ({ pathio, path }) => {
      const p = path("context");
      {
        await using f = await pathio.open(p, "wb");
        await f.write(Buffer.from("foo"));
      }
      {
        await using f = await pathio.open(p, "rb");
        expect((await f.read()).toString()).toBe("foo");
      }
      {
        await using f = await pathio.open(p, "ab");
        await f.write(Buffer.from("bar"));
      }
      {
        await using f = await pathio.open(p, "rb");
        expect((await f.read()).toString()).toBe("foobar");
      }
      {
        await using f = await pathio.open(p, "wb");
        await f.write(Buffer.from("foo"));
      }
      {
        await using f = await pathio.open(p, "rb");
        expect((await f.read()).toString()).toBe("foo");
      }
      {
        await using f = await pathio.open(p, "r+b");
        expect((await f.read(1)).toString()).toBe("f");
        await f.write(Buffer.from("un"));
      }
      {
        await using f = await pathio.open(p, "rb");
        expect((await f.read()).toString()).toBe("fun");
      }
    },
    { writes: true },
  );

  scenario(
    "open with explicit close: wb, rb, ab, wb again, r+b",
    async ({ pathio, path }) => {
      const p = path("plain");
      let f = await pathio.open(p, "wb");
      await f.write(Buffer.from("foo"));
      await f.close();
      f = await pathio.open(p, "rb");
      expect((await f.read()).toString()).toBe("foo");
      await f.close();
      f = await pathio.open(p, "ab");
      await f.write(Buffer.from("bar"));
      await f.close();
      f = await pathio.open(p, "rb");
      expect((await f.read()).toString()).toBe("foobar");
      await f.close();
      f = await pathio.open(p, "wb");
      await f.write(Buffer.from("foo"));
      await f.close();
      f = await pathio.open(p, "r+b");
      expect((await f.read(1)).toString()).toBe("f");
      await f.write(Buffer.from("un"));
      await f.close();
      expect((await readFile(pathio, p)).toString()).toBe("fun");
    },
    { writes: true },
  );

  scenario(
    "handle methods: seek(0) then write overwrites",
    async ({ pathio, path }) => {
      {
        await using f = await pathio.open(path("foo"), "wb");
        await f.write(Buffer.from("foo"));
        await f.seek(0);
        await f.write(Buffer.from("bar"));
      }
      expect((await readFile(pathio, path("foo"))).toString()).toBe("bar");
    },
    { writes: true },
  );

  scenario(
    "rename moves a directory",
    async ({ pathio, path }) => {
      await pathio.mkdir(path("foo"));
      expect(await pathio.exists(path("bar"))).toBe(false);
      await pathio.rename(path("foo"), path("bar"));
      expect(await pathio.exists(path("foo"))).toBe(false);
      expect(await pathio.exists(path("bar"))).toBe(true);
    },
    { writes: true },
  );

  scenario("exists is false for a path through a file", async ({ pathio, fixtures, path }) => {
    await writeFile(fixtures, path("file"));
    expect(await pathio.exists(path("file", "dir"))).toBe(false);
  });

  scenario(
    "mkdir over a file fails: exists",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("file"));
      await expectPathIOError(pathio.mkdir(path("file")), "exists");
    },
    { writes: true },
  );

  scenario(
    "mkdir without parents in a missing directory fails: not-found",
    async ({ pathio, path }) => {
      await expectPathIOError(pathio.mkdir(path("foo", "bar")), "not-found");
    },
    { writes: true },
  );

  scenario(
    "mkdir under a file fails: not-a-directory",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("foo"));
      await expectPathIOError(pathio.mkdir(path("foo", "bar")), "not-a-directory");
    },
    { writes: true },
  );

  scenario(
    "mkdir with parents under a file fails: not-a-directory",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("foo"));
      await expectPathIOError(
        pathio.mkdir(path("foo", "bar"), { parents: true }),
        "not-a-directory",
      );
    },
    { writes: true },
  );

  scenario(
    "rmdir of a missing directory fails: not-found",
    async ({ pathio, path }) => {
      await expectPathIOError(pathio.rmdir(path("foo")), "not-found");
    },
    { writes: true },
  );

  scenario(
    "rmdir of a file fails: not-a-directory",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("foo"));
      await expectPathIOError(pathio.rmdir(path("foo")), "not-a-directory");
    },
    { writes: true },
  );

  scenario(
    "rmdir of a non-empty directory fails: not-empty",
    async ({ pathio, root, path }) => {
      await writeFile(pathio, path("foo"));
      await expectPathIOError(pathio.rmdir(root), "not-empty");
    },
    { writes: true },
  );

  scenario(
    "unlink of a missing file fails: not-found",
    async ({ pathio, path }) => {
      await expectPathIOError(pathio.unlink(path("foo")), "not-found");
    },
    { writes: true },
  );

  scenario(
    "unlink of a directory fails: is-a-directory (or permission)",
    async ({ pathio, root }) => {
      await expectPathIOError(pathio.unlink(root), "is-a-directory", "permission");
    },
    { writes: true },
  );

  scenario("list of a missing path yields nothing", async ({ pathio, path }) => {
    expect(await collect(pathio.list(path("foo")))).toEqual([]);
  });

  scenario("stat of a missing path fails: not-found", async ({ pathio, path }) => {
    await expectPathIOError(pathio.stat(path("foo")), "not-found");
  });

  scenario("open rb of a missing file fails: not-found", async ({ pathio, path }) => {
    await expectPathIOError(pathio.open(path("foo"), "rb"), "not-found");
  });

  scenario(
    "open wb in a missing directory fails: not-found",
    async ({ pathio, path }) => {
      await expectPathIOError(pathio.open(path("foo", "bar"), "wb"), "not-found");
    },
    { writes: true },
  );

  scenario(
    "open wb of a directory fails: is-a-directory",
    async ({ pathio, root }) => {
      await expectPathIOError(pathio.open(root, "wb"), "is-a-directory");
    },
    { writes: true },
  );

  scenario("open with an unknown mode fails: bad-mode", async ({ pathio, root }) => {
    const mode = "bad" as unknown as "rb";
    await expectPathIOError(pathio.open(root, mode), "bad-mode");
  });

  scenario(
    "rename of a missing source or into a missing directory fails: not-found",
    async ({ pathio, root, path }) => {
      await expectPathIOError(pathio.rename(path("foo"), path("bar")), "not-found");
      await writeFile(pathio, path("file"));
      await expectPathIOError(pathio.rename(path("file"), path("foo", "bar")), "not-found");
      expect(await pathio.exists(path("file"))).toBe(true);
      expect(await pathio.isDir(root)).toBe(true);
    },
    { writes: true },
  );

  scenario(
    "rename a directory over an existing empty directory",
    async ({ pathio, path }) => {
      await pathio.mkdir(path("source"));
      await pathio.mkdir(path("source", "inner"));
      await pathio.mkdir(path("destination"));
      await pathio.rename(path("source"), path("destination"));
      expect(await pathio.exists(path("source"))).toBe(false);
      expect(await pathio.isDir(path("destination", "inner"))).toBe(true);
    },
    { writes: true },
  );
}
