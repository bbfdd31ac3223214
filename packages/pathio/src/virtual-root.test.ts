import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AsyncPathIO } from "./async-pathio.js";
import { PathIOError } from "./errors.js";
import { MemoryPathIO } from "./memory/memory-pathio.js";
import { PathIO } from "./sync-pathio.js";
import { VirtualRoot } from "./virtual-root.js";

async function refusal(promise: Promise<unknown>): Promise<PathIOError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PathIOError);
    return error as PathIOError;
  }
  throw new Error("expected the path to be refused");
}

describe("VirtualRoot over MemoryPathIO", () => {
  it("maps virtual paths under the root and back", async () => {
    const pathio = new MemoryPathIO();
    await pathio.mkdir("/srv/ftp/pub", { parents: true });
    const jail = new VirtualRoot(pathio, "/srv/ftp/");
    expect(jail.root).toBe("/srv/ftp");
    expect(await jail.resolve("/", "pub")).toEqual({ virtual: "/pub", real: "/srv/ftp/pub" });
    expect(await jail.resolve("/pub", "../../..")).toEqual({ virtual: "/", real: "/srv/ftp" });
    expect(await jail.resolve("/pub", "new/file.txt")).toEqual({
      virtual: "/pub/new/file.txt",
      real: "/srv/ftp/pub/new/file.txt",
    });
    expect(jail.toVirtual("/srv/ftp")).toBe("/");
    expect(jail.toVirtual("/srv/ftp/pub/a")).toBe("/pub/a");
    expect(() => jail.toVirtual("/srv/ftpx/a")).toThrow(PathIOError);
    expect(() => jail.toVirtual("/srv")).toThrow(/outside-root/);
  });

  it("treats %2e%2e as a literal name and backslashes as separators", async () => {
    const pathio = new MemoryPathIO();
    await pathio.mkdir("/root", { parents: true });
    const jail = new VirtualRoot(pathio, "/root");
    expect((await jail.resolve("/", "%2e%2e/%2e%2e/etc")).real).toBe("/root/%2e%2e/%2e%2e/etc");
    expect((await jail.resolve("/a", "..\\..\\..\\etc")).real).toBe("/root/etc");
  });

  it("refuses NUL with bad-mode and never names the real root", async () => {
    const pathio = new MemoryPathIO();
    await pathio.mkdir("/secret/root", { parents: true });
    const jail = new VirtualRoot(pathio, "/secret/root");
    const error = await refusal(jail.resolve("/", "a\0b"));
    expect(error.reason).toBe("bad-mode");
    expect(error.message).not.toContain("secret");
  });

  it("reports a missing root without naming it", async () => {
    const jail = new VirtualRoot(new MemoryPathIO(), "/does/not/exist");
    const error = await refusal(jail.resolve("/", "x"));
    expect(error.reason).toBe("not-found");
    expect(error.message).not.toContain("does");
    // The root is looked up again once it exists.
    await jail.pathio.mkdir("/does/not/exist", { parents: true });
    expect((await jail.resolve("/", "x")).real).toBe("/does/not/exist/x");
  });

  it("works with the root at /", async () => {
    const jail = new VirtualRoot(new MemoryPathIO(), "/");
    expect(await jail.resolve("/", "../a")).toEqual({ virtual: "/a", real: "/a" });
    expect(jail.toVirtual("/a/b")).toBe("/a/b");
    expect(jail.toVirtual("/")).toBe("/");
  });
});

for (const [name, make] of [
  ["AsyncPathIO", () => new AsyncPathIO()],
  ["PathIO", () => new PathIO()],
] as const) {
  describe(`VirtualRoot over ${name} with symbolic links`, () => {
    let base: string;
    let root: string;
    let outside: string;

    beforeEach(async () => {
      base = await realpath(await mkdtemp(path.join(tmpdir(), "ftp-vroot-")));
      root = path.join(base, "root");
      outside = path.join(base, "outside");
      await mkdir(path.join(root, "pub", "deep"), { recursive: true });
      await mkdir(outside);
      await writeFile(path.join(outside, "secret.txt"), "secret");
      await writeFile(path.join(root, "pub", "file.txt"), "public");
      await symlink(path.join(root, "pub"), path.join(root, "inside-dir"));
      await symlink("pub/file.txt", path.join(root, "inside-file"));
      await symlink(outside, path.join(root, "escape-dir"));
      await symlink("../../outside/secret.txt", path.join(root, "pub", "escape-file"));
      await symlink("/", path.join(root, "slash"));
      await symlink(path.join(outside, "not-yet"), path.join(root, "dangling-out"));
      await symlink("pub/later.txt", path.join(root, "dangling-in"));
      await symlink("loop-b", path.join(root, "loop-a"));
      await symlink("loop-a", path.join(root, "loop-b"));
    });

    afterEach(async () => {
      await rm(base, { recursive: true, force: true });
    });

    it("follows links that stay inside the root", async () => {
      const jail = new VirtualRoot(make(), root);
      expect(await jail.resolve("/", "inside-dir/file.txt")).toEqual({
        virtual: "/inside-dir/file.txt",
        real: path.join(root, "inside-dir", "file.txt"),
      });
      expect((await jail.resolve("/", "inside-file")).real).toBe(path.join(root, "inside-file"));
      expect((await jail.resolve("/inside-dir", "deep/new-dir/new.txt")).virtual).toBe(
        "/inside-dir/deep/new-dir/new.txt",
      );
      // A dangling link whose target would be created inside the root (STOR through it).
      expect((await jail.resolve("/", "dangling-in")).real).toBe(path.join(root, "dangling-in"));
    });

    it("refuses links whose target leaves the root, without naming real paths", async () => {
      const jail = new VirtualRoot(make(), root);
      for (const input of [
        "escape-dir",
        "escape-dir/secret.txt",
        "escape-dir/not-yet-created.txt",
        "escape-dir/new/dir",
        "pub/escape-file",
        "slash/etc/passwd",
        "slash",
        "dangling-out",
        "/pub/../escape-dir/../escape-dir",
      ]) {
        const error = await refusal(jail.resolve("/", input));
        expect(error.reason, input).toBe("outside-root");
        expect(error.message).not.toContain(base);
        expect(error.message).toContain("/");
      }
    });

    it("lexical .. never climbs out, even beside links", async () => {
      const jail = new VirtualRoot(make(), root);
      const resolved = await jail.resolve("/pub/deep", "../../../../outside/secret.txt");
      expect(resolved.virtual).toBe("/outside/secret.txt");
      expect(resolved.real).toBe(path.join(root, "outside", "secret.txt"));
    });

    it("a link loop fails with a PathIOError that does not name real paths", async () => {
      const jail = new VirtualRoot(make(), root);
      const error = await refusal(jail.resolve("/", "loop-a/x"));
      expect(error.message).not.toContain(base);
    });

    it("never-check only keeps lexical containment", async () => {
      const jail = new VirtualRoot(make(), root, { symlinks: "never-check" });
      expect((await jail.resolve("/", "escape-dir/secret.txt")).real).toBe(
        path.join(root, "escape-dir", "secret.txt"),
      );
      expect((await jail.resolve("/", "../../x")).real).toBe(path.join(root, "x"));
    });

    it("a root that is itself a link works", async () => {
      const alias = path.join(base, "alias");
      await symlink(root, alias);
      const jail = new VirtualRoot(make(), alias);
      expect((await jail.resolve("/", "pub/file.txt")).real).toBe(
        path.join(alias, "pub", "file.txt"),
      );
      expect((await refusal(jail.resolve("/", "escape-dir"))).reason).toBe("outside-root");
      expect(jail.toVirtual(path.join(alias, "pub", "file.txt"))).toBe("/pub/file.txt");
    });

    it("a relative root works, including toVirtual of list entries", async () => {
      const pathio = make();
      const previous = process.cwd();
      process.chdir(root);
      try {
        const jail = new VirtualRoot(pathio, ".");
        expect(await jail.resolve("/", "pub/file.txt")).toEqual({
          virtual: "/pub/file.txt",
          real: path.join("pub", "file.txt"),
        });
        expect((await refusal(jail.resolve("/", "escape-dir"))).reason).toBe("outside-root");
        const names: string[] = [];
        for await (const entry of pathio.list(".")) names.push(jail.toVirtual(entry));
        expect(names).toContain("/pub");
        expect(jail.toVirtual(".")).toBe("/");
        expect(() => jail.toVirtual("../x")).toThrow(PathIOError);
        expect(() => jail.toVirtual("/etc")).toThrow(PathIOError);
      } finally {
        process.chdir(previous);
      }
    });

    it("toVirtual maps list entries back", async () => {
      const pathio = make();
      const jail = new VirtualRoot(pathio, root);
      const { real } = await jail.resolve("/", "pub");
      const names: string[] = [];
      for await (const entry of pathio.list(real)) names.push(jail.toVirtual(entry));
      expect(names.sort()).toEqual(["/pub/deep", "/pub/escape-file", "/pub/file.txt"]);
    });
  });
}
