import type { ListEntry } from "@ftp/protocol";
import { describe, expect, it } from "vitest";
import { joinRemote, Lister } from "./lister.js";

const tree: Record<string, ListEntry[]> = {
  x: [
    [".", { type: "cdir" }],
    ["..", { type: "pdir" }],
    ["a", { type: "file" }],
    ["d", { type: "dir" }],
  ],
  "x/d": [["b", { type: "file" }]],
};

describe("Lister", () => {
  it("joins paths like a POSIX path relative to the listed one", () => {
    expect(joinRemote("", "a")).toBe("a");
    expect(joinRemote("/", "a")).toBe("/a");
    expect(joinRemote("x/", "a")).toBe("x/a");
    expect(joinRemote("x", "a")).toBe("x/a");
  });

  it("is lazy, skips . and .., recurses breadth first and is awaitable", async () => {
    const fetched: string[] = [];
    const lister = new Lister("x", true, async (path) => {
      fetched.push(path);
      return tree[path] ?? [];
    });
    expect(fetched).toEqual([]);
    for await (const [path] of lister) {
      expect(path).toBe("x/a");
      break;
    }
    expect(fetched).toEqual(["x"]);
    expect((await lister).map(([path]) => path)).toEqual(["x/a", "x/d", "x/d/b"]);
  });
});
