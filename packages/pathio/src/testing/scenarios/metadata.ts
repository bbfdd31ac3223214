import { setTimeout as sleep } from "node:timers/promises";
import { expect } from "vitest";
import type { DefineScenario, ResolvedContractOptions } from "../contract-types.js";
import { expectPathIOError, writeFile } from "../helpers.js";

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

/** `stat` fields, `setModifiedTime`, `chmod`, `lstat`/`readlink`/`realpath`, path helpers. */
export function registerMetadataScenarios(
  scenario: DefineScenario,
  options: ResolvedContractOptions,
): void {
  scenario(
    "stat of a file and of a directory, as a disk reports them",
    async ({ pathio, fixtures, root, path }) => {
      const before = Date.now() - 5_000;
      await writeFile(fixtures, path("f"), "12345");
      const file = await pathio.stat(path("f"));
      expect(file.isFile).toBe(true);
      expect(file.isDirectory).toBe(false);
      expect(file.isSymbolicLink).toBe(false);
      expect(file.size).toBe(5);
      expect(file.mode & S_IFMT).toBe(S_IFREG);
      expect(file.nlink).toBeGreaterThanOrEqual(1);
      expect(file.mtime.getTime()).toBeGreaterThanOrEqual(before);
      expect(file.mtime.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
      expect(file.ctime).toBeInstanceOf(Date);
      const dir = await pathio.stat(root);
      expect(dir.isDirectory).toBe(true);
      expect(dir.isFile).toBe(false);
      expect(dir.mode & S_IFMT).toBe(S_IFDIR);
      expect(dir.nlink).toBeGreaterThanOrEqual(1);
    },
  );

  scenario(
    "writing through a handle updates mtime",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("f"), "a");
      let before: number;
      if (options.setModifiedTime) {
        await pathio.setModifiedTime(path("f"), new Date("2001-02-03T04:05:06Z"));
        before = (await pathio.stat(path("f"))).mtime.getTime();
      } else {
        before = (await pathio.stat(path("f"))).mtime.getTime();
        await sleep(50);
      }
      {
        await using f = await pathio.open(path("f"), "ab");
        await f.write(Buffer.from("b"));
      }
      expect((await pathio.stat(path("f"))).mtime.getTime()).toBeGreaterThan(before);
    },
    { writes: true },
  );

  scenario(
    "setModifiedTime sets mtime (MFMT); missing path: not-found",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("f"), "a");
      await pathio.mkdir(path("d"));
      const date = new Date("2001-02-03T04:05:06Z");
      if (!options.setModifiedTime) {
        await expectPathIOError(pathio.setModifiedTime(path("f"), date), "unsupported");
        return;
      }
      await pathio.setModifiedTime(path("f"), date);
      await pathio.setModifiedTime(path("d"), date);
      const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
      expect(seconds((await pathio.stat(path("f"))).mtime)).toBe(seconds(date));
      expect(seconds((await pathio.stat(path("d"))).mtime)).toBe(seconds(date));
      await expectPathIOError(pathio.setModifiedTime(path("missing"), date), "not-found");
    },
    { writes: true },
  );

  scenario(
    "chmod sets the permission bits (SITE CHMOD); missing path: not-found",
    async ({ pathio, path }) => {
      await writeFile(pathio, path("f"), "a");
      if (!options.chmod) {
        await expectPathIOError(pathio.chmod(path("f"), 0o600), "unsupported");
        return;
      }
      await pathio.chmod(path("f"), 0o600);
      const stat = await pathio.stat(path("f"));
      expect(stat.mode & 0o777).toBe(0o600);
      expect(stat.mode & S_IFMT).toBe(S_IFREG);
      await pathio.chmod(path("f"), 0o100640);
      expect((await pathio.stat(path("f"))).mode & 0o7777).toBe(0o640);
      await expectPathIOError(pathio.chmod(path("missing"), 0o600), "not-found");
    },
    { writes: true },
  );

  scenario(
    "lstat of a regular file and a directory agrees with stat",
    async ({ pathio, fixtures, root, path }) => {
      await writeFile(fixtures, path("f"), "abc");
      const viaLstat = await pathio.lstat(path("f"));
      expect(viaLstat.isFile).toBe(true);
      expect(viaLstat.isSymbolicLink).toBe(false);
      expect(viaLstat.size).toBe(3);
      expect((await pathio.lstat(root)).isDirectory).toBe(true);
      await expectPathIOError(pathio.lstat(path("missing")), "not-found");
    },
  );

  scenario("readlink of something that is not a link fails", async ({ pathio, fixtures, path }) => {
    await writeFile(fixtures, path("f"));
    await expectPathIOError(pathio.readlink(path("f")));
  });

  scenario(
    "realpath of an existing path keeps its name and resolves to it",
    async ({ pathio, fixtures, path }) => {
      await fixtures.mkdir(path("d"));
      await writeFile(fixtures, path("d", "f"), "abc");
      const real = await pathio.realpath(path("d", "f"));
      expect(pathio.basename(real)).toBe("f");
      expect((await pathio.stat(real)).size).toBe(3);
    },
  );

  scenario(
    "join, dirname and basename agree with the paths list yields",
    async ({ pathio, fixtures, root, path }) => {
      await writeFile(fixtures, path("name.txt"));
      const joined = pathio.join(root, "name.txt");
      expect(pathio.basename(joined)).toBe("name.txt");
      expect(pathio.dirname(joined)).toBe(root);
      expect(pathio.join(root, "a", "..", "name.txt")).toBe(joined);
      for await (const entry of pathio.list(root)) expect(entry).toBe(joined);
    },
  );

  scenario("a trailing slash requires a directory", async ({ pathio, fixtures, path }) => {
    await fixtures.mkdir(path("d"));
    await writeFile(fixtures, path("f"), "x");
    expect((await pathio.stat(`${path("d")}/`)).isDirectory).toBe(true);
    await expectPathIOError(pathio.stat(`${path("f")}/`), "not-a-directory");
    await expectPathIOError(pathio.open(`${path("f")}/`, "rb"), "not-a-directory");
    expect(await pathio.exists(`${path("f")}/`)).toBe(false);
  });
}
