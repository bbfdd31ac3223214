import { expect } from "vitest";
import type { DefineScenario, ResolvedContractOptions } from "../contract-types.js";
import { collect, expectPathIOError, readFile, writeFile } from "../helpers.js";

/** `mkdir` options and the `rename` cases aioftp leaves open. */
export function registerTreeScenarios(
  scenario: DefineScenario,
  _options: ResolvedContractOptions,
): void {
  scenario(
    "mkdir with parents creates every missing level",
    async ({ pathio, path }) => {
      await pathio.mkdir(path("a", "b", "c"), { parents: true });
      expect(await pathio.isDir(path("a"))).toBe(true);
      expect(await pathio.isDir(path("a", "b", "c"))).toBe(true);
    },
    { writes: true },
  );

  scenario(
    "mkdir of an existing directory: exists, unless existOk",
    async ({ pathio, path }) => {
      await pathio.mkdir(path("d"));
      await expectPathIOError(pathio.mkdir(path("d")), "exists");
      await expectPathIOError(pathio.mkdir(path("d"), { parents: true }), "exists");
      await pathio.mkdir(path("d"), { existOk: true });
      await pathio.mkdir(path("d"), { parents: true, existOk: true });
      expect(await pathio.isDir(path("d"))).toBe(true);
    },
    { writes: true },
  );

  scenario(
    "mkdir with existOk over a file still fails: exists",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("f"));
      await expectPathIOError(pathio.mkdir(path("f"), { existOk: true }), "exists");
      await expectPathIOError(pathio.mkdir(path("f"), { parents: true, existOk: true }), "exists");
    },
    { writes: true },
  );

  scenario(
    "rename a file over a file replaces it",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("a"), "new");
      await writeFile(pathio, path("b"), "old content");
      await pathio.rename(path("a"), path("b"));
      expect(await pathio.exists(path("a"))).toBe(false);
      expect((await readFile(pathio, path("b"))).toString()).toBe("new");
    },
    { writes: true },
  );

  scenario(
    "rename moves files and whole directories into another directory",
    async ({ pathio, path }) => {
      await pathio.mkdir(path("src", "deep"), { parents: true });
      await writeFile(pathio, path("src", "deep", "f"), "x");
      await pathio.mkdir(path("dst"));
      await pathio.rename(path("src"), path("dst", "moved"));
      expect((await readFile(pathio, path("dst", "moved", "deep", "f"))).toString()).toBe("x");
      await pathio.rename(path("dst", "moved", "deep", "f"), path("g"));
      expect(await collect(pathio.list(path("dst", "moved", "deep")))).toEqual([]);
      expect(await pathio.isFile(path("g"))).toBe(true);
    },
    { writes: true },
  );

  scenario(
    "rename a file onto a directory fails: is-a-directory",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("f"));
      await pathio.mkdir(path("d"));
      await expectPathIOError(pathio.rename(path("f"), path("d")), "is-a-directory");
      expect(await pathio.isFile(path("f"))).toBe(true);
    },
    { writes: true },
  );

  scenario(
    "rename a directory onto a file fails: not-a-directory",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("f"));
      await pathio.mkdir(path("d"));
      await expectPathIOError(pathio.rename(path("d"), path("f")), "not-a-directory");
      expect(await pathio.isDir(path("d"))).toBe(true);
    },
    { writes: true },
  );

  scenario(
    "rename a directory onto a non-empty directory fails: not-empty",
    async ({ pathio, path }) => {
      await pathio.mkdir(path("a"));
      await pathio.mkdir(path("b"));
      await writeFile(pathio, path("b", "keep"));
      await expectPathIOError(pathio.rename(path("a"), path("b")), "not-empty");
      expect(await pathio.isFile(path("b", "keep"))).toBe(true);
    },
    { writes: true },
  );

  scenario(
    "rename a directory into itself fails and changes nothing",
    async ({ pathio, path }) => {
      await pathio.mkdir(path("a", "b"), { parents: true });
      await expectPathIOError(pathio.rename(path("a"), path("a", "b", "c")));
      expect(await pathio.isDir(path("a", "b"))).toBe(true);
      expect(await pathio.exists(path("a", "b", "c"))).toBe(false);
    },
    { writes: true },
  );

  scenario(
    "rename onto itself keeps the entry",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("same"), "data");
      await pathio.rename(path("same"), path("same"));
      expect((await readFile(pathio, path("same"))).toString()).toBe("data");
    },
    { writes: true },
  );

  scenario(
    "rmdir then unlink leave the parent listing consistent",
    async ({ pathio, root, path }) => {
      await pathio.mkdir(path("d"));
      await writeFile(pathio, path("f"));
      await pathio.rmdir(path("d"));
      await pathio.unlink(path("f"));
      expect(await collect(pathio.list(root))).toEqual([]);
    },
    { writes: true },
  );
}
