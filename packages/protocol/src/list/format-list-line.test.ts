import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatListLine } from "./format-list-line.js";
import { parseListLineUnix } from "./unix.js";

const now = new Date(Date.UTC(2026, 10, 23, 20, 1));

describe("formatListLine", () => {
  it("lays out an ls -l line like vsftpd", () => {
    expect(
      formatListLine(
        "exec.sh",
        {
          type: "file",
          size: 18,
          mtime: new Date(Date.UTC(2026, 9, 5, 7, 8)),
          mode: 0o4755,
          nlink: 1,
          owner: "1001",
          group: "1001",
        },
        { now },
      ),
    ).toBe("-rwsr-xr-x    1 1001     1001           18 Oct  5 07:08 exec.sh");
    expect(
      formatListLine(
        "old",
        { type: "dir", size: 4096, mtime: new Date(Date.UTC(2021, 10, 23)), mode: 0o1777 },
        { now },
      ),
    ).toBe("drwxrwxrwt    1 ftp      ftp          4096 Nov 23  2021 old");
  });

  it("shows link targets and neutralises line breaks in names", () => {
    const mtime = new Date(Date.UTC(2026, 9, 5));
    expect(
      formatListLine(
        "l",
        { type: "link", size: 6, mtime, mode: 0o777, linkTarget: "subdir" },
        { now },
      ),
    ).toMatch(/^lrwxrwxrwx .* l -> subdir$/);
    expect(
      formatListLine("a\r\nb", { type: "file", size: 1, mtime, mode: 0o644 }, { now }),
    ).toMatch(/ a\?\?b$/);
  });

  it("round-trips through parseListLineUnix (fast-check)", () => {
    const name = fc
      .string({ minLength: 1 })
      .filter((n) => !/[\r\n\0]/.test(n) && !n.includes(" -> "));
    fc.assert(
      fc.property(
        name,
        fc.constantFrom("file" as const, "dir" as const, "link" as const, "unknown" as const),
        fc.nat({ max: 2 ** 40 }),
        fc.integer({ min: 0, max: 0o7777 }),
        fc.integer({ min: -800, max: 800 }),
        (n, type, size, mode, days) => {
          const mtime = new Date(now.getTime() + days * 86_400_000);
          mtime.setUTCSeconds(0, 0);
          const line = formatListLine(n, { type, size, mtime, mode, linkTarget: "t" }, { now });
          const [parsedName, info] = parseListLineUnix(line, { now });
          expect(parsedName).toBe(n);
          expect(info.type).toBe(type);
          expect(info.size).toBe(String(size));
          expect(info["unix.mode"]).toBe(mode.toString(8).padStart(4, "0"));
          if (type === "link") expect(info.link_dst).toBe("t");
          const withTime = mtime.toISOString().replace(/[-:T]/g, "").slice(0, 14);
          const dayOnly = `${withTime.slice(0, 8)}000000`;
          expect([withTime, dayOnly]).toContain(info.modify);
        },
      ),
      { numRuns: 300 },
    );
  });
});
