import { expect } from "vitest";
import type { DefineScenario, ResolvedContractOptions } from "../contract-types.js";
import { collect, openDescriptorCount, readFile, writeFile } from "../helpers.js";

/** Names in several scripts, with spaces, emoji and combining-free NFC forms. */
const UNICODE_NAMES = [
  "données.txt",
  "日本語のファイル",
  "Ωμέγα dir",
  "emoji-😀-🚀.bin",
  "space name with  two spaces",
  "кириллица",
];

/** Streaming `list`, unicode names, listing a file. */
export function registerListingScenarios(
  scenario: DefineScenario,
  options: ResolvedContractOptions,
): void {
  scenario(
    "list returns a lazily iterated AsyncIterable, not an array",
    async ({ pathio, root }) => {
      const listing = pathio.list(root);
      expect(Array.isArray(listing)).toBe(false);
      expect(typeof listing[Symbol.asyncIterator]).toBe("function");
    },
  );

  scenario("list of a file yields nothing", async ({ pathio, fixtures, path }) => {
    await writeFile(fixtures, path("f"));
    expect(await collect(pathio.list(path("f")))).toEqual([]);
  });

  scenario(
    "list streams every entry of a large directory exactly once",
    async ({ pathio, fixtures, root, path }) => {
      const count = options.listEntries;
      await fixtures.mkdir(path("many"));
      for (let i = 0; i < count; i++) await writeFile(fixtures, path("many", `entry-${i}`));
      const seen = new Set<string>();
      let total = 0;
      for await (const entry of pathio.list(path("many"))) {
        seen.add(entry);
        total++;
      }
      expect(total).toBe(count);
      expect(seen.size).toBe(count);
      expect(seen.has(path("many", "entry-0"))).toBe(true);
      expect(seen.has(path("many", `entry-${count - 1}`))).toBe(true);
      expect(await collect(pathio.list(root))).toEqual([path("many")]);
    },
  );

  scenario("breaking out of list releases the directory", async ({ pathio, fixtures, path }) => {
    await fixtures.mkdir(path("d"));
    for (let i = 0; i < 300; i++) await writeFile(fixtures, path("d", `f${i}`));
    const before = await openDescriptorCount();
    for (let round = 0; round < 20; round++) {
      let taken = 0;
      for await (const _entry of pathio.list(path("d"))) {
        if (++taken === 3) break;
      }
      expect(taken).toBe(3);
    }
    const after = await openDescriptorCount();
    if (before !== undefined && after !== undefined) expect(after).toBeLessThanOrEqual(before);
    expect(await collect(pathio.list(path("d")))).toHaveLength(300);
  });

  scenario(
    "unicode names round-trip through mkdir, open, list and stat",
    async ({ pathio, fixtures, root, path }) => {
      const [dirName, ...fileNames] = UNICODE_NAMES as [string, ...string[]];
      await fixtures.mkdir(path(dirName));
      for (const name of fileNames) await writeFile(fixtures, path(dirName, name), name);
      const top = await collect(pathio.list(root));
      expect(top).toEqual([path(dirName)]);
      const inner = (await collect(pathio.list(path(dirName)))).map((entry) =>
        pathio.basename(entry),
      );
      expect(new Set(inner)).toEqual(new Set(fileNames));
      for (const name of fileNames) {
        expect((await readFile(pathio, path(dirName, name))).toString()).toBe(name);
        expect((await pathio.stat(path(dirName, name))).size).toBe(Buffer.byteLength(name));
      }
    },
  );
}
