import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ListParseError } from "../errors.js";
import { mlsxFactsFromStat } from "./format-list-line.js";
import { formatMlsxFacts, formatMlsxLine, parseMlsxLine, parseMlsxListing } from "./mlsx.js";

describe("parseMlsxLine", () => {
  it("reads facts in lower case and the name after one space", () => {
    expect(
      parseMlsxLine("Type=file;Size=17;Modify=20261123193507;UNIX.mode=0644; f.txt\r\n"),
    ).toEqual([
      "f.txt",
      { type: "file", size: "17", modify: "20261123193507", "unix.mode": "0644" },
    ]);
  });

  it("accepts a missing trailing semicolon", () => {
    expect(parseMlsxLine("type=dir;size=4096 dir")).toEqual(["dir", { type: "dir", size: "4096" }]);
  });

  it("keeps spaces inside and at the start of names", () => {
    expect(parseMlsxLine("type=file;   leading-spaces.txt")[0]).toBe("  leading-spaces.txt");
    expect(parseMlsxLine("type=file; name  with  spaces ")[0]).toBe("name  with  spaces ");
  });

  it("normalises the type fact", () => {
    const type = (value: string) => parseMlsxLine(`type=${value}; x`)[1];
    expect(type("cdir").type).toBe("cdir");
    expect(type("PDIR").type).toBe("pdir");
    expect(type("Dir").type).toBe("dir");
    expect(type("OS.unix=slink:/etc/target")).toEqual({ type: "link", link_dst: "/etc/target" });
    expect(type("OS.unix=symlink")).toEqual({ type: "link" });
    expect(type("OS.unix=chr-13/29").type).toBe("unknown");
    expect(parseMlsxLine("size=3; x")[1].type).toBe("unknown");
  });

  it("accepts the indented entry line of an MLST reply", () => {
    expect(
      parseMlsxLine(" modify=20261005070809;perm=radfwMT;size=1234;type=file; /size-1234.bin"),
    ).toEqual([
      "/size-1234.bin",
      { type: "file", modify: "20261005070809", perm: "radfwMT", size: "1234" },
    ]);
  });

  it("reads an entry without facts (RFC 3659: leading space)", () => {
    expect(parseMlsxLine(" file name")).toEqual(["file name", { type: "unknown" }]);
    expect(parseMlsxLine("  leading")).toEqual([" leading", { type: "unknown" }]);
  });

  it("keeps values verbatim, including '='", () => {
    expect(parseMlsxLine("type=file;x.hash=sha1=abc; f")[1]["x.hash"]).toBe("sha1=abc");
  });

  it.each([
    "no-facts-here",
    "type=file;",
    "-rw-r--r-- 1 a b 7 Oct 05 07:08 f",
    "",
  ])("rejects %j", (line) => {
    expect(() => parseMlsxLine(line)).toThrow(ListParseError);
  });

  it("parses whole listings, skipping blank lines", () => {
    expect(parseMlsxListing("type=cdir; .\r\ntype=file;size=1; a\r\n\r\ntype=dir; b\n")).toEqual([
      [".", { type: "cdir" }],
      ["a", { type: "file", size: "1" }],
      ["b", { type: "dir" }],
    ]);
  });
});

describe("formatMlsxFacts / formatMlsxLine", () => {
  it("formats facts in order with trailing semicolons", () => {
    expect(formatMlsxFacts({ type: "file", size: "3", modify: "20260101000000" })).toBe(
      "type=file;size=3;modify=20260101000000;",
    );
    expect(formatMlsxLine("a b", { type: "file" })).toBe("type=file; a b");
  });

  it("refuses facts and names that would break the line", () => {
    expect(() => formatMlsxFacts({ type: "fi le" })).toThrow(TypeError);
    expect(() => formatMlsxFacts({ "ty;pe": "file" })).toThrow(TypeError);
    expect(() => formatMlsxFacts({ "": "file" })).toThrow(TypeError);
    expect(() => formatMlsxLine("a\r\nb", { type: "file" })).toThrow(TypeError);
  });

  it("builds the facts a server sends from a stat", () => {
    const mtime = new Date(Date.UTC(2026, 9, 5, 7, 8, 9));
    expect(
      mlsxFactsFromStat(
        { type: "file", size: 1234, mtime, mode: 0o644, owner: "ftp", group: "ftp" },
        { perm: "adfrw", unique: "801g2" },
      ),
    ).toEqual({
      type: "file",
      size: "1234",
      modify: "20261005070809",
      perm: "adfrw",
      unique: "801g2",
      "unix.mode": "0644",
      "unix.owner": "ftp",
      "unix.group": "ftp",
    });
    expect(
      mlsxFactsFromStat({ type: "dir", size: 4096, mtime, mode: 0o755 }, { dirRole: "cdir" }).type,
    ).toBe("cdir");
    expect(
      mlsxFactsFromStat({ type: "link", size: 6, mtime, mode: 0o777, linkTarget: "subdir" }).type,
    ).toBe("OS.unix=slink:subdir");
    expect(
      mlsxFactsFromStat({ type: "link", size: 6, mtime, mode: 0o777, linkTarget: "a b" }).type,
    ).toBe("OS.unix=symlink");
  });

  it("round-trips through parseMlsxLine (fast-check)", () => {
    const key = fc.stringMatching(/^[a-z][a-z.]{0,8}$/).filter((k) => k !== "type");
    const value = fc.stringMatching(/^[!-:<-~]{0,12}$/);
    const name = fc.string({ minLength: 1 }).filter((n) => !/[\r\n\0]/.test(n));
    fc.assert(
      fc.property(
        fc.dictionary(key, value),
        fc.constantFrom("file", "dir", "cdir", "pdir"),
        name,
        (facts, type, n) => {
          const [parsedName, info] = parseMlsxLine(formatMlsxLine(n, { type, ...facts }));
          expect(parsedName).toBe(n);
          expect(info).toEqual({ type, ...facts });
        },
      ),
    );
  });
});
