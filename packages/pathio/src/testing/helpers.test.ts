import { describe, expect, it } from "vitest";
import { PathIOError } from "../errors.js";
import { MemoryPathIO } from "../memory/memory-pathio.js";
import { collect, expectPathIOError, pattern, readFile, writeFile } from "./helpers.js";

// The kit's assertions must be able to fail, or the contract would pass any backend.
describe("contract kit helpers", () => {
  const notFound = () =>
    new PathIOError("not-found", "stat: not-found", {
      cause: Object.assign(new Error(), { code: "ENOENT" }),
    });

  it("expectPathIOError accepts the expected reason", async () => {
    const error = await expectPathIOError(Promise.reject(notFound()), "not-found", "io");
    expect(error.reason).toBe("not-found");
    await expectPathIOError(() => {
      throw notFound();
    });
  });

  it("expectPathIOError fails on success, another reason, another error type or no cause", async () => {
    await expect(expectPathIOError(Promise.resolve(1), "not-found")).rejects.toThrow(/got success/);
    await expect(expectPathIOError(Promise.reject(notFound()), "exists")).rejects.toThrow();
    await expect(expectPathIOError(Promise.reject(new Error("plain")))).rejects.toThrow();
    const noCause = new PathIOError("io", "x");
    await expect(expectPathIOError(Promise.reject(noCause))).rejects.toThrow(/cause/);
  });

  it("file helpers and pattern round-trip", async () => {
    const pathio = new MemoryPathIO();
    await writeFile(pathio, "/a", pattern(1000, 3));
    expect((await readFile(pathio, "/a")).equals(pattern(1000, 3))).toBe(true);
    expect(pattern(4, 0)).toEqual(Buffer.from([0, 31, 62, 93]));
    expect(await collect(pathio.list("/"))).toEqual(["/a"]);
  });
});
