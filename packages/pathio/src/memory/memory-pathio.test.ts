import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { PathIOError } from "../errors.js";
import { MemoryPathIO } from "./memory-pathio.js";
import { MemoryPathIOState, S_IFDIR, S_IFREG } from "./memory-state.js";

async function write(pathio: MemoryPathIO, path: string, text: string): Promise<void> {
  await using handle = await pathio.open(path, "wb");
  await handle.write(Buffer.from(text));
}

describe("MemoryPathIO", () => {
  it("every instance from one factory shares the tree; another factory does not", async () => {
    const factory = MemoryPathIO.factory();
    const first = factory();
    const second = factory();
    expect(first).not.toBe(second);
    expect(first.state).toBe(second.state);
    await write(first, "/shared.txt", "hi");
    expect(await second.exists("/shared.txt")).toBe(true);
    expect(await MemoryPathIO.factory()().exists("/shared.txt")).toBe(false);
    const state = new MemoryPathIOState();
    await write(new MemoryPathIO({ state }), "/s", "x");
    expect(await new MemoryPathIO({ state }).isFile("/s")).toBe(true);
    expect(await MemoryPathIO.factory({ state })().isFile("/s")).toBe(true);
  });

  it("reports modes, sizes and nlink as a disk does", async () => {
    const pathio = new MemoryPathIO();
    await pathio.mkdir("/d/sub1", { parents: true });
    await pathio.mkdir("/d/sub2");
    await write(pathio, "/d/f", "abc");
    const dir = await pathio.stat("/d");
    expect(dir.mode).toBe(S_IFDIR | 0o755);
    expect(dir.size).toBe(4096);
    expect(dir.nlink).toBe(4);
    const file = await pathio.stat("/d/f");
    expect(file.mode).toBe(S_IFREG | 0o644);
    expect(file.nlink).toBe(1);
    expect(file.size).toBe(3);
    await pathio.rmdir("/d/sub2");
    expect((await pathio.stat("/d")).nlink).toBe(3);
    await pathio.rename("/d/sub1", "/moved");
    expect((await pathio.stat("/d")).nlink).toBe(2);
    expect((await pathio.stat("/")).nlink).toBe(4);
  });

  it("writes update the file's mtime; entry changes update the directory's", async () => {
    const pathio = new MemoryPathIO();
    await pathio.mkdir("/d");
    const old = new Date("2000-01-01T00:00:00Z");
    await pathio.setModifiedTime("/d", old);
    await write(pathio, "/d/f", "a");
    const dirAfterCreate = (await pathio.stat("/d")).mtime.getTime();
    expect(dirAfterCreate).toBeGreaterThan(old.getTime());
    await pathio.setModifiedTime("/d/f", old);
    await sleep(2);
    {
      await using handle = await pathio.open("/d/f", "r+b");
      await handle.write(Buffer.from("b"));
    }
    expect((await pathio.stat("/d/f")).mtime.getTime()).toBeGreaterThan(old.getTime());
    await pathio.setModifiedTime("/d", old);
    await pathio.unlink("/d/f");
    expect((await pathio.stat("/d")).mtime.getTime()).toBeGreaterThan(old.getTime());
  });

  it("resolves relative paths from / and normalises", async () => {
    const pathio = new MemoryPathIO();
    await pathio.mkdir("a/b", { parents: true });
    expect(await pathio.isDir("/a/b")).toBe(true);
    expect(await pathio.isDir("/a/./x/../b/")).toBe(true);
    expect(await pathio.realpath("a//b/")).toBe("/a/b");
    const names: string[] = [];
    for await (const entry of pathio.list("a")) names.push(entry);
    expect(names).toEqual(["/a/b"]);
  });

  it("refuses NUL in paths with bad-mode", async () => {
    const pathio = new MemoryPathIO();
    await expect(pathio.stat("/a\0b")).rejects.toMatchObject({ reason: "bad-mode" });
    await expect(pathio.open("/a\0", "wb")).rejects.toBeInstanceOf(PathIOError);
  });

  it("root edge cases: mkdir /, rmdir /, unlink /, rename /", async () => {
    const pathio = new MemoryPathIO();
    await expect(pathio.mkdir("/")).rejects.toMatchObject({ reason: "exists" });
    await pathio.mkdir("/", { existOk: true });
    await expect(pathio.rmdir("/")).rejects.toMatchObject({ reason: "io" });
    await expect(pathio.unlink("/")).rejects.toMatchObject({ reason: "is-a-directory" });
    await expect(pathio.rename("/", "/x")).rejects.toBeInstanceOf(PathIOError);
    await expect(pathio.open("/", "ab")).rejects.toMatchObject({ reason: "is-a-directory" });
    await pathio.mkdir("/d");
    await expect(pathio.rename("/d", "/")).rejects.toMatchObject({ reason: "not-empty" });
  });

  it("truncating a large file releases its buffer and reads zeros in gaps afterwards", async () => {
    const pathio = new MemoryPathIO();
    await write(pathio, "/f", "x".repeat(2 * 1024 * 1024));
    {
      await using handle = await pathio.open("/f", "wb");
      await handle.write(Buffer.from("ab"));
    }
    {
      await using handle = await pathio.open("/f", "r+b");
      await handle.seek(10);
      await handle.write(Buffer.from("z"));
    }
    await using reader = await pathio.open("/f", "rb");
    expect(await reader.read()).toEqual(Buffer.from("ab\0\0\0\0\0\0\0\0z"));
  });

  it("stat returns copies: mutating a result does not change the tree", async () => {
    const pathio = new MemoryPathIO();
    await write(pathio, "/f", "a");
    const stat = await pathio.stat("/f");
    stat.mtime.setTime(0);
    expect((await pathio.stat("/f")).mtime.getTime()).not.toBe(0);
  });
});

describe("MemoryPathIO trailing slashes, as POSIX resolves them", () => {
  it("a trailing slash requires a directory", async () => {
    const pathio = new MemoryPathIO();
    await pathio.mkdir("/d/");
    await write(pathio, "/f", "x");
    expect((await pathio.stat("/d/")).isDirectory).toBe(true);
    await expect(pathio.stat("/f/")).rejects.toMatchObject({ reason: "not-a-directory" });
    await expect(pathio.open("/f/", "rb")).rejects.toMatchObject({ reason: "not-a-directory" });
    await expect(pathio.open("/f/", "wb")).rejects.toMatchObject({ reason: "is-a-directory" });
    await expect(pathio.open("/new/", "wb")).rejects.toMatchObject({ reason: "is-a-directory" });
    expect(await pathio.exists("/new")).toBe(false);
    expect(await pathio.exists("/f/")).toBe(false);
  });
});
