import { expect } from "vitest";
import type { DefineScenario, ResolvedContractOptions } from "../contract-types.js";
import { collect, expectPathIOError, readFile, writeFile } from "../helpers.js";

/**
 * For read-only backends: every write fails with `permission` and leaves the tree as it was;
 * reads keep working.
 */
export function registerReadOnlyScenarios(
  scenario: DefineScenario,
  _options: ResolvedContractOptions,
): void {
  scenario(
    "every write fails with permission and changes nothing",
    async ({ pathio, fixtures, root, path }) => {
      await fixtures.mkdir(path("d"));
      await writeFile(fixtures, path("f"), "abc");
      const date = new Date("2001-02-03T04:05:06Z");
      const before = await pathio.stat(path("f"));
      await expectPathIOError(pathio.mkdir(path("new")), "permission");
      await expectPathIOError(
        pathio.mkdir(path("d"), { existOk: true, parents: true }),
        "permission",
      );
      await expectPathIOError(pathio.rmdir(path("d")), "permission");
      await expectPathIOError(pathio.unlink(path("f")), "permission");
      await expectPathIOError(pathio.rename(path("f"), path("g")), "permission");
      for (const mode of ["wb", "ab", "r+b"] as const) {
        await expectPathIOError(pathio.open(path("f"), mode), "permission");
        await expectPathIOError(pathio.open(path("created"), mode), "permission");
      }
      await expectPathIOError(pathio.createWriteStream(path("f")), "permission");
      await expectPathIOError(pathio.createWriteStream(path("f"), { mode: "ab" }), "permission");
      await expectPathIOError(pathio.setModifiedTime(path("f"), date), "permission");
      await expectPathIOError(pathio.chmod(path("f"), 0o600), "permission");
      const after = await pathio.stat(path("f"));
      expect(after.size).toBe(before.size);
      expect(after.mtime.getTime()).toBe(before.mtime.getTime());
      expect(after.mode).toBe(before.mode);
      expect((await readFile(pathio, path("f"))).toString()).toBe("abc");
      expect(new Set(await collect(pathio.list(root)))).toEqual(new Set([path("d"), path("f")]));
    },
  );

  scenario("an unknown open mode is still bad-mode", async ({ pathio, path }) => {
    await expectPathIOError(pathio.open(path("f"), "x" as unknown as "rb"), "bad-mode");
  });
}
