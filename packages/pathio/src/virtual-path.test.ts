import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PathIOError } from "./errors.js";
import { normalizeVirtualPath } from "./virtual-path.js";

describe("normalizeVirtualPath", () => {
  it.each([
    ["/", "", "/"],
    ["/", ".", "/"],
    ["/a/b", "", "/a/b"],
    ["/a/b", "c", "/a/b/c"],
    ["/a/b", "../c//./d", "/a/c/d"],
    ["/a/b", "/x/y/", "/x/y"],
    ["/", "..", "/"],
    ["/", "../../../etc/passwd", "/etc/passwd"],
    ["/a", "../../../", "/"],
    ["/", "/a/../b/..", "/"],
    ["/home", "a///b////c", "/home/a/b/c"],
    ["/", "a\\b\\c", "/a/b/c"],
    ["/a/b", "..\\..\\..\\etc", "/etc"],
    ["/a", "\\abs", "/abs"],
    ["a/b", "c", "/a/b/c"],
    ["", "x", "/x"],
    ["/", "%2e%2e/%2e%2e/etc", "/%2e%2e/%2e%2e/etc"],
    ["/", "..%2f..%2fetc", "/..%2f..%2fetc"],
    ["/", "~root/.ssh", "/~root/.ssh"],
    ["/", "...", "/..."],
    ["/", "a/.../b", "/a/.../b"],
    ["/", " spaced /x", "/ spaced /x"],
    ["/ü", "日本", "/ü/日本"],
  ])("(%j, %j) -> %j", (cwd, input, expected) => {
    expect(normalizeVirtualPath(cwd, input)).toBe(expected);
  });

  it("refuses NUL in the input or the cwd with bad-mode", () => {
    for (const [cwd, input] of [
      ["/", "a\0b"],
      ["/", "\0"],
      ["/a\0", "b"],
    ] as const) {
      let error: unknown;
      try {
        normalizeVirtualPath(cwd, input);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(PathIOError);
      expect((error as PathIOError).reason).toBe("bad-mode");
      expect((error as PathIOError).cause).toBeDefined();
      expect((error as PathIOError).message).not.toContain("\0");
    }
  });

  it("always yields an absolute path without '.', '..', empty segments or backslashes", () => {
    const segment = fc.oneof(
      fc.constantFrom("..", ".", "", "a", "b", "%2e%2e", "\\", "..\\.."),
      fc.string({ maxLength: 4 }).filter((text) => !text.includes("\0")),
    );
    const pathArb = fc
      .tuple(fc.boolean(), fc.array(segment, { maxLength: 8 }), fc.constantFrom("/", "\\", "//"))
      .map(([absolute, parts, separator]) => (absolute ? separator : "") + parts.join(separator));
    fc.assert(
      fc.property(pathArb, pathArb, (cwd, input) => {
        const result = normalizeVirtualPath(cwd, input);
        expect(result.startsWith("/")).toBe(true);
        expect(result.includes("\\")).toBe(false);
        if (result !== "/") {
          for (const part of result.slice(1).split("/")) {
            expect(part).not.toBe("");
            expect(part).not.toBe(".");
            expect(part).not.toBe("..");
          }
        }
        expect(normalizeVirtualPath("/", result)).toBe(result);
      }),
    );
  });
});
