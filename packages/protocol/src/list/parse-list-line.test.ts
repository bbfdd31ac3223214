import { describe, expect, it } from "vitest";
import { ListParseError } from "../errors.js";
import { DEFAULT_LIST_PARSERS, parseListing, parseListLine } from "./parse-list-line.js";
import type { ListParser } from "./types.js";

const now = new Date(Date.UTC(2026, 10, 23, 20, 1));

describe("parseListLine", () => {
  it("tries Unix, Windows and EPLF in turn", () => {
    expect(DEFAULT_LIST_PARSERS.map((p) => p.name)).toEqual(["unix", "windows", "eplf"]);
    expect(parseListLine("-rw-r--r-- 1 a b 7 Oct 05 07:08 u", { now })[0]).toBe("u");
    expect(parseListLine("10-05-26  07:08AM  <DIR>  w")[0]).toBe("w");
    expect(parseListLine("+r,s1,\te")[0]).toBe("e");
  });

  it("uses only the parsers given", () => {
    expect(() =>
      parseListLine("10-05-26  07:08AM  <DIR>  w", { parsers: DEFAULT_LIST_PARSERS.slice(0, 1) }),
    ).toThrow(ListParseError);
  });

  it("names the line and the parsers when none fits, with custom failures as cause", () => {
    const custom = () => {
      throw new Error("mine? no");
    };
    try {
      parseListLine("garbage line", { custom });
      expect.unreachable();
    } catch (error) {
      const e = error as ListParseError;
      expect(e).toBeInstanceOf(ListParseError);
      expect(e.line).toBe("garbage line");
      expect(e.message).toContain("garbage line");
      expect(e.message).toContain("custom, unix, windows, eplf");
      expect((e.cause as AggregateError).errors).toHaveLength(1);
    }
  });

  it("runs the custom parser first by default and last when asked", () => {
    const calls: string[] = [];
    const spy: ListParser = {
      name: "spy",
      parse: (line) => {
        calls.push(line);
        return undefined;
      },
    };
    parseListLine("-rw-r--r-- 1 a b 7 Oct 05 07:08 u", { custom: spy, now });
    expect(calls).toHaveLength(1);
    parseListLine("-rw-r--r-- 1 a b 7 Oct 05 07:08 u", { custom: spy, customFirst: false, now });
    expect(calls).toHaveLength(1);
    expect(() => parseListLine("x", { custom: spy, customFirst: false })).toThrow(ListParseError);
    expect(calls).toHaveLength(2);
  });
});

describe("parseListing", () => {
  it("skips total lines, blank lines and DOS summaries", () => {
    const text =
      "total 8\r\n-rw-r--r-- 1 a b 7 Oct 05 07:08 a\r\n\r\ndrwxr-xr-x 2 a b 6 Oct 05 07:08 b\n" +
      "10-05-26  07:08AM  <DIR>  c\r\n       6 File(s)     75,978 bytes\r\n       3 Dir(s)  22,198 bytes free\r\n";
    expect(parseListing(text, { now }).map(([n]) => n)).toEqual(["a", "b", "c"]);
    expect(parseListing("")).toEqual([]);
  });

  it("throws for the first line no parser understands", () => {
    expect(() => parseListing("-rw-r--r-- 1 a b 7 Oct 05 07:08 a\nbad line\n", { now })).toThrow(
      expect.objectContaining({ line: "bad line" }),
    );
  });
});
