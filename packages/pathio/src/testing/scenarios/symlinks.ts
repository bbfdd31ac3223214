import { expect } from "vitest";
import type { DefineScenario, ResolvedContractOptions } from "../contract-types.js";
import { collect, expectPathIOError, readFile, writeFile } from "../helpers.js";

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Symbolic links, for subjects that can make them (`subject.symlink`). */
export function registerSymlinkScenarios(
  scenario: DefineScenario,
  _options: ResolvedContractOptions,
): void {
  scenario(
    "stat follows a link; lstat and readlink report it",
    async ({ pathio, fixtures, path, symlink }) => {
      await writeFile(fixtures, path("target"), "abc");
      await symlink?.(path("target"), path("link"));
      const followed = await pathio.stat(path("link"));
      expect(followed.isFile).toBe(true);
      expect(followed.size).toBe(3);
      const link = await pathio.lstat(path("link"));
      expect(link.isSymbolicLink).toBe(true);
      expect(link.isFile).toBe(false);
      expect(link.mode & S_IFMT).toBe(S_IFLNK);
      expect(await pathio.readlink(path("link"))).toBe(path("target"));
      expect((await readFile(pathio, path("link"))).toString()).toBe("abc");
      expect(await pathio.realpath(path("link"))).toBe(await pathio.realpath(path("target")));
    },
    { symlinks: true },
  );

  scenario(
    "a dangling link does not exist but is listed",
    async ({ pathio, path, root, symlink }) => {
      await symlink?.(path("nowhere"), path("dangling"));
      expect(await pathio.exists(path("dangling"))).toBe(false);
      expect(await pathio.isFile(path("dangling"))).toBe(false);
      expect((await pathio.lstat(path("dangling"))).isSymbolicLink).toBe(true);
      await expectPathIOError(pathio.stat(path("dangling")), "not-found");
      await expectPathIOError(pathio.realpath(path("dangling")), "not-found");
      expect(await collect(pathio.list(root))).toEqual([path("dangling")]);
    },
    { symlinks: true },
  );

  scenario(
    "list through a link to a directory",
    async ({ pathio, fixtures, path, symlink }) => {
      await fixtures.mkdir(path("real"));
      await writeFile(fixtures, path("real", "f"));
      await symlink?.(path("real"), path("alias"));
      expect(await pathio.isDir(path("alias"))).toBe(true);
      expect(await collect(pathio.list(path("alias")))).toEqual([path("alias", "f")]);
    },
    { symlinks: true },
  );

  scenario(
    "unlink removes the link, not its target",
    async ({ pathio, path, symlink }) => {
      await writeFile(pathio, path("target"), "keep");
      await symlink?.(path("target"), path("link"));
      await pathio.unlink(path("link"));
      expect(await pathio.exists(path("link"))).toBe(false);
      expect((await readFile(pathio, path("target"))).toString()).toBe("keep");
    },
    { symlinks: true, writes: true },
  );
}
