import { readdir } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AbstractPathIO } from "./abstract-pathio.js";
import { AsyncPathIO } from "./async-pathio.js";
import { errnoError, PathIOError } from "./errors.js";
import { mapStreamErrors } from "./stream-errors.js";
import { PathIO } from "./sync-pathio.js";
import type { PathIOContractSubject } from "./testing/index.js";
import { tempDirSubject } from "./testing/index.js";

async function descriptors(): Promise<number> {
  return (await readdir("/proc/self/fd")).length;
}

const hasProc = await readdir("/proc/self/fd").then(
  () => true,
  () => false,
);

for (const [name, make] of [
  ["AsyncPathIO", () => new AsyncPathIO()],
  ["PathIO", () => new PathIO()],
] as [string, () => AbstractPathIO][]) {
  describe(`${name} on disk`, () => {
    let subject: PathIOContractSubject;
    let pathio: AbstractPathIO;
    beforeEach(async () => {
      pathio = make();
      subject = await tempDirSubject(pathio);
    });
    afterEach(async () => {
      await subject.cleanup?.();
    });

    it("uses native paths", () => {
      expect(pathio.join("a", "b", "..", "c")).toBe("a/c");
      expect(pathio.dirname("/x/y")).toBe("/x");
      expect(pathio.basename("/x/y.txt")).toBe("y.txt");
    });

    it.skipIf(!hasProc)(
      "streams release their descriptor on end, destroy and open failure",
      async () => {
        const file = pathio.join(subject.root, "f");
        const before = await descriptors();
        await pipeline(
          Readable.from([Buffer.alloc(200_000, 1)]),
          await pathio.createWriteStream(file),
        );
        for await (const _chunk of await pathio.createReadStream(file)) {
          // drain
        }
        const half = await pathio.createReadStream(file, { highWaterMark: 1024 });
        await new Promise<void>((resolve) => half.once("readable", () => resolve()));
        half.destroy();
        await new Promise<void>((resolve) => half.once("close", () => resolve()));
        const writer = await pathio.createWriteStream(file, { mode: "ab" });
        writer.destroy();
        await new Promise<void>((resolve) => writer.once("close", () => resolve()));
        await expect(pathio.createReadStream(subject.root)).rejects.toMatchObject({
          reason: "is-a-directory",
        });
        await expect(pathio.open(subject.root, "rb")).rejects.toMatchObject({
          reason: "is-a-directory",
        });
        expect(await descriptors()).toBe(before);
        expect((await pathio.stat(file)).size).toBe(200_000);
      },
    );

    it("a NUL in a path is bad-mode", async () => {
      await expect(pathio.stat(`${subject.root}/a\0b`)).rejects.toMatchObject({
        reason: "bad-mode",
      });
    });

    it("errors carry the Node error as cause and keep the path out of the message", async () => {
      const missing = pathio.join(subject.root, "missing");
      const error = await pathio.stat(missing).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PathIOError);
      expect((error as PathIOError).cause).toMatchObject({ code: "ENOENT" });
      expect((error as PathIOError).path).toBe(missing);
      expect((error as PathIOError).message).toBe("stat: not-found");
    });
  });
}

describe("mapStreamErrors", () => {
  it("turns the error a stream is destroyed with into a PathIOError, except aborts", async () => {
    const stream = mapStreamErrors(new Readable({ read() {} }), "read", "/p");
    stream.destroy(errnoError("EIO", "read"));
    const error = await new Promise<Error>((resolve) => stream.once("error", resolve));
    expect(error).toBeInstanceOf(PathIOError);
    expect((error as PathIOError).reason).toBe("io");
    const aborted = mapStreamErrors(new Readable({ read() {} }), "read", "/p");
    const abort = Object.assign(new Error("aborted"), { name: "AbortError" });
    aborted.destroy(abort);
    expect(await new Promise<Error>((resolve) => aborted.once("error", resolve))).toBe(abort);
  });
});
