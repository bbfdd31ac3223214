import { symlink } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AsyncPathIO } from "./async-pathio.js";
import { PathIOError } from "./errors.js";
import { MemoryPathIO } from "./memory/memory-pathio.js";
import { PrefixPathIO } from "./prefix-pathio.js";
import { collect, runPathIOContract, tempDirSubject } from "./testing/index.js";

runPathIOContract(
  "PrefixPathIO over AsyncPathIO",
  async () => {
    const disk = await tempDirSubject(new AsyncPathIO());
    const pathio = new PrefixPathIO(new AsyncPathIO(), disk.root);
    const subject = {
      pathio,
      root: "/",
      symlink: (target: string, link: string) =>
        symlink(target.startsWith("/") ? pathio.toInner(target) : target, pathio.toInner(link)),
    };
    return disk.cleanup ? { ...subject, cleanup: disk.cleanup } : subject;
  },
  { hugeOffset: 5 * 1024 ** 3 },
);

runPathIOContract("PrefixPathIO over a MemoryPathIO subtree", async () => {
  const shared = new MemoryPathIO();
  await shared.mkdir("/tenants/alice/work", { parents: true });
  await shared.mkdir("/tenants/bob", { parents: true });
  return { pathio: new PrefixPathIO(shared, "/tenants/alice/"), root: "/work" };
});

describe("PrefixPathIO", () => {
  it("maps paths into the prefix, clamping .. at its top", async () => {
    const shared = new MemoryPathIO();
    await shared.mkdir("/tenants/alice", { parents: true });
    await shared.mkdir("/tenants/bob", { parents: true });
    const alice = new PrefixPathIO(shared, "/tenants/alice");
    expect(alice.toInner("/")).toBe("/tenants/alice");
    expect(alice.toInner("a/../../../bob/x")).toBe("/tenants/alice/bob/x");
    expect(alice.toInner("..\\bob")).toBe("/tenants/alice/bob");
    await alice.mkdir("/docs");
    {
      await using file = await alice.open("/docs/a.txt", "wb");
      await file.write(Buffer.from("hi"));
    }
    expect(await shared.isFile("/tenants/alice/docs/a.txt")).toBe(true);
    expect(await collect(alice.list("/docs"))).toEqual(["/docs/a.txt"]);
    expect(await collect(alice.list("/"))).toEqual(["/docs"]);
    expect(await alice.realpath("/docs/../docs/a.txt")).toBe("/docs/a.txt");
    expect(alice.fromInner("/tenants/alice/docs")).toBe("/docs");
    expect(() => alice.fromInner("/tenants/bob")).toThrow(PathIOError);
    expect(() => alice.fromInner("/tenants/alicex")).toThrow(PathIOError);
  });

  it("refuses NUL with bad-mode, as a rejection", async () => {
    const pathio = new PrefixPathIO(new MemoryPathIO(), "/");
    await expect(pathio.stat("/a\0")).rejects.toMatchObject({ reason: "bad-mode" });
    await expect(pathio.exists("/a\0")).rejects.toMatchObject({ reason: "bad-mode" });
  });

  it("a realpath that leaves the prefix through a link fails with outside-root", async () => {
    const disk = await tempDirSubject(new AsyncPathIO());
    try {
      await new AsyncPathIO().mkdir(path.join(disk.root, "inside"));
      await symlink(disk.root, path.join(disk.root, "inside", "up"));
      const pathio = new PrefixPathIO(new AsyncPathIO(), path.join(disk.root, "inside"));
      await expect(pathio.realpath("/up")).rejects.toMatchObject({ reason: "outside-root" });
      expect(await pathio.readlink("/up")).toBe(disk.root);
    } finally {
      await disk.cleanup?.();
    }
  });
});
